// The launcher: a round button, a bottom bar or a side tab (the mount's lb-* class decides). It
// shows a chat icon (and the label text on the bar and the tab) when closed, a close icon when the
// window is open, and a badge counting replies that arrived while closed. Built with DOM calls,
// not innerHTML, so it runs under a Trusted Types policy too.
const NS = "http://www.w3.org/2000/svg";

function icon(cls: string, ...paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("class", cls);
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  for (const d of paths) svg.appendChild(document.createElementNS(NS, "path")).setAttribute("d", d);
  return svg;
}

export interface Launcher {
  button: HTMLButtonElement;
  /** `unread`: the accessible name with a count, "{label} … {count} …" (from the config's strings) */
  setLabel(label: string, unread?: string): void;
  setUnread(count: number): void;
  setExpanded(open: boolean): void;
}

export function createLauncher(parent: HTMLElement, onClick: () => void): Launcher {
  const button = document.createElement("button");
  const text = document.createElement("span");
  const badge = document.createElement("span");
  let label = "";
  let unreadLabel = "";
  let count = 0;
  button.type = "button";
  button.className = "l";
  button.setAttribute("data-testid", "launcher");
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-expanded", "false");
  text.className = "lt";
  text.setAttribute("aria-hidden", "true");
  badge.className = "b";
  badge.setAttribute("aria-hidden", "true");
  button.append(icon("lc", "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12Z", "M8.5 12h.01M12 12h.01M15.5 12h.01"), icon("lx", "M6 9l6 6 6-6"), text, badge);
  button.onclick = onClick;
  parent.append(button);
  const name = () =>
    button.setAttribute("aria-label", count && unreadLabel ? unreadLabel.replace("{label}", label).replace("{count}", String(count)) : label);
  return {
    button,
    setLabel(l, u = "") {
      text.textContent = label = l;
      unreadLabel = u;
      name();
    },
    setUnread(n) {
      count = n;
      badge.textContent = n > 0 ? String(Math.min(n, 99)) : "";
      name();
    },
    setExpanded: (open) => button.setAttribute("aria-expanded", String(open)),
  };
}
