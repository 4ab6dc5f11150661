// Parley's service worker (served at /sw.js, scope /). Two jobs, kept small:
// 1. the app shell (styles, scripts, icon) from the network first and from the cache when offline,
//    so an installed app opens without a connection; pages and API answers are never cached;
// 2. Web Push: shows the alert the server sent (src/push/sender.ts: {title, body, url, tag}) and,
//    when it is tapped, opens that conversation in a workspace tab (an open one if there is one).
const CACHE = "parley-shell-v1";
const SHELL = ["/static/css/app.css", "/static/css/workspace.css", "/static/vendor/htmx.min.js", "/static/js/app.js", "/static/build/workspace.js", "/static/img/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
        }
        return res;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())),
  );
});

/** The alert a push carries; a push without a readable payload still says something. */
function alertOf(event) {
  try {
    const data = event.data ? event.data.json() : null;
    if (data && typeof data.title === "string") return data;
  } catch {}
  return { title: "Parley", body: event.data ? event.data.text() : "", url: "/workspace", tag: "parley" };
}

self.addEventListener("push", (event) => {
  const a = alertOf(event);
  event.waitUntil(
    self.registration.showNotification(a.title, {
      body: a.body || "",
      tag: a.tag || undefined,
      renotify: !!a.tag,
      // PNG: Android draws no SVG in notifications.
      icon: "/static/img/icon-192.png",
      data: { url: typeof a.url === "string" && a.url.startsWith("/") ? a.url : "/workspace" },
    }),
  );
});

/** Opens `url` (same origin): in a workspace tab already open (it switches conversation itself), else a new window. */
async function openAlert(url) {
  const target = new URL(url, location.origin);
  const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const workspace = tabs.find((c) => new URL(c.url).pathname === target.pathname);
  if (workspace) {
    workspace.postMessage({ type: "parley:open", url: target.pathname + target.search });
    return workspace.focus();
  }
  return self.clients.openWindow(target.href);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openAlert((event.notification.data && event.notification.data.url) || "/workspace"));
});
