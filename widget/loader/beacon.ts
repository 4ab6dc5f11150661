// Tells the server the visitor is on this page (the agents' live visitors list) without a socket:
// a small POST on load, every 20 s while the page is visible, and "left" on pagehide. Bodies are
// form-encoded, a "simple" CORS request (no preflight). The answer may carry an agent's invitation.
export interface Invite {
  agentName: string;
  greeting: string;
}

const EVERY_MS = 20_000;

/** `onBlocked`: the server refused the visitor as blocked (黑名单); the beacon stops. */
export function startBeacon(origin: string, site: string, vid: string, lang: () => string, onInvite: (invite: Invite) => void, onBlocked: () => void = () => {}): void {
  let blocked = false;
  const url = `${origin}/api/widget/beacon`;
  const tab = Math.random().toString(36).slice(2, 12);
  const body = (state: string) =>
    new URLSearchParams({ site, vid, tab, state, lang: lang(), url: location.href, title: document.title, ref: document.referrer });
  const send = (state: string) =>
    fetch(url, { method: "POST", body: body(state), keepalive: true })
      .then((r) => r.json())
      .then((r) => {
        if (r.error?.code === "blocked") {
          blocked = true;
          onBlocked();
        } else if (r.invite) onInvite(r.invite);
      })
      .catch(() => {});
  const visible = () => !blocked && document.visibilityState === "visible";

  send("load");
  setInterval(() => visible() && send("ping"), EVERY_MS);
  document.addEventListener("visibilitychange", () => visible() && send("ping"));
  addEventListener("pagehide", () => navigator.sendBeacon?.(url, body("left")));
  // Back from the back/forward cache: the page is here again.
  addEventListener("pageshow", (e: PageTransitionEvent) => e.persisted && send("load"));
}
