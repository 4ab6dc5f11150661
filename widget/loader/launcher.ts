// The launcher: the round button that opens the chat. It shows a chat icon when closed, a close
// icon when the window is open (desktop), and a badge counting replies that arrived while closed.
const ICONS =
  '<svg class="lc" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12Z"/><path d="M8.5 12h.01M12 12h.01M15.5 12h.01"/></svg>' +
  '<svg class="lx" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6"/></svg>';

export interface Launcher {
  button: HTMLButtonElement;
  setLabel(label: string): void;
  setUnread(count: number): void;
  setExpanded(open: boolean): void;
}

export function createLauncher(parent: HTMLElement, onClick: () => void): Launcher {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "l";
  button.setAttribute("data-testid", "launcher");
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-expanded", "false");
  button.innerHTML = ICONS; // a constant, no config or visitor data
  const badge = document.createElement("span");
  badge.className = "b";
  button.append(badge);
  button.onclick = onClick;
  parent.append(button);
  return {
    button,
    setLabel: (label) => button.setAttribute("aria-label", label),
    setUnread: (count) => (badge.textContent = count > 0 ? String(Math.min(count, 99)) : ""),
    setExpanded: (open) => button.setAttribute("aria-expanded", String(open)),
  };
}
