// Desktop notifications. Permission is asked once per browser, from a user gesture (browsers
// ignore or penalise unprompted requests); we remember having asked so as not to nag.
const ASKED_KEY = "parley.workspace.notificationsAsked";

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/** Call from a user gesture (e.g. the agent going online). `granted`: called once notifications are allowed (now or after the answer). */
export function askNotificationPermissionOnce(granted?: () => void): void {
  if (!supported()) return;
  if (Notification.permission === "granted") return granted?.();
  if (Notification.permission !== "default") return;
  try {
    if (localStorage.getItem(ASKED_KEY)) return;
    localStorage.setItem(ASKED_KEY, String(Date.now()));
  } catch {
    // Storage may be blocked; asking again next time is acceptable.
  }
  void Notification.requestPermission().then((p) => p === "granted" && granted?.(), () => {});
}

/** Shows a notification if allowed; `tag` replaces an earlier one of the same conversation. */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): boolean {
  if (!supported() || Notification.permission !== "granted") return false;
  try {
    const n = new Notification(title, { body, tag, lang: document.documentElement.lang || undefined });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
    return true;
  } catch {
    // Some browsers (Android Chrome) only allow notifications from a service worker.
    return false;
  }
}
