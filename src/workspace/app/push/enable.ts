// Turning Web Push on in this browser: the service worker (/sw.js), the notification permission,
// a push subscription bound to the install's VAPID key, and that subscription saved on the server
// for the signed-in person. Used by the workspace (when notifications are allowed) and the account
// page's button.

export type PushOutcome = "on" | "denied" | "unsupported" | "failed";

export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The service worker: the app shell offline and the alerts. Registered on every workspace load. */
export function registerWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => null);
}

const sameKey = (a: ArrayBuffer | null | undefined, b: Uint8Array) => !!a && a.byteLength === b.length && new Uint8Array(a).every((x, i) => x === b[i]);

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * Subscribes (or re-saves the existing subscription) and tells the server. `ask`: may prompt for the
 * permission (only from a click); without it, nothing happens unless notifications are already allowed.
 */
export async function enablePush(csrfToken: string, ask: boolean): Promise<PushOutcome> {
  if (!pushSupported()) return "unsupported";
  try {
    let permission = Notification.permission;
    if (permission === "default" && ask) permission = await Notification.requestPermission();
    if (permission !== "granted") return "denied";
    const reg = (await registerWorker()) && (await navigator.serviceWorker.ready);
    if (!reg) return "unsupported";
    const res = await fetch("/api/push/key", { credentials: "same-origin", headers: { accept: "application/json" } });
    if (!res.ok) return "failed";
    const key = fromB64url(((await res.json()) as { publicKey: string }).publicKey);
    let sub = await reg.pushManager.getSubscription();
    // A subscription made for another key (the data directory was replaced) cannot be used.
    if (sub && !sameKey(sub.options.applicationServerKey, key)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const saved = await fetch("/api/push/subscriptions", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken, accept: "application/json" },
      body: JSON.stringify(sub.toJSON()),
    });
    return saved.ok ? "on" : "failed";
  } catch {
    return "failed";
  }
}
