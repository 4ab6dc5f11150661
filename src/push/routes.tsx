// Web Push over HTTP: the service worker and the web app manifest (served from our origin, so that
// the worker's scope is the whole app and both fit the Content-Security-Policy), the install's
// public VAPID key, and a signed-in person's devices: subscribe, unsubscribe, remove.
import { describeDevice } from "../chat/device";
import { staticFile } from "../http/static";
import { failure } from "../http/guard";
import { json, redirect } from "../http/respond";
import type { Route } from "../http/route";
import { removeDevice, subscribe, unsubscribe } from "./subscriptions";
import { vapidKeys } from "./vapid";

/** A subscription's JSON is a few hundred bytes. */
const SUBSCRIPTION_BODY = 4096;

export const pushRoutes: Route[] = [
  {
    method: "GET",
    path: "/sw.js",
    access: "public",
    // Revalidated on every load: browsers check a worker for updates anyway, and a stale one would keep old code.
    handle: async (req) => (await staticFile(req.request, "sw.js", { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" })) ?? failure(req, {}, 404, "not_found"),
  },
  {
    method: "GET",
    path: "/manifest.webmanifest",
    access: "public",
    handle: (req) =>
      json(
        {
          name: req.t("push.appName"),
          short_name: "Parley",
          description: req.t("push.appDescription"),
          lang: req.locale,
          start_url: "/workspace",
          scope: "/",
          display: "standalone",
          background_color: "#f6f7f9",
          theme_color: "#2563eb",
          icons: [
            { src: "/static/img/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
            // PNG for what does not take SVG (Android's install, iOS's home screen); full-bleed, so maskable too.
            { src: "/static/img/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any maskable" },
            { src: "/static/img/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any maskable" },
          ],
        },
        200,
        { "content-type": "application/manifest+json; charset=utf-8", "cache-control": "public, max-age=300" },
      ),
  },
  {
    method: "GET",
    path: "/api/push/key",
    access: "user",
    api: true,
    handle: (req) => json({ publicKey: vapidKeys(req.app.db).publicKey }),
  },
  {
    method: "POST",
    path: "/api/push/subscriptions",
    access: "user",
    api: true,
    maxBody: SUBSCRIPTION_BODY,
    handle: (req) => {
      const row = subscribe(req.app.db, req.user!, req.body, describeDevice(req.request.headers.get("user-agent") ?? ""), req.locale, req.app.config.pushAllowPrivate);
      return json({ device: { id: row.id, label: row.label } }, 201);
    },
  },
  {
    method: "POST",
    path: "/api/push/unsubscribe",
    access: "user",
    api: true,
    maxBody: SUBSCRIPTION_BODY,
    handle: (req) => {
      if (typeof req.body.endpoint === "string") unsubscribe(req.app.db, req.user!, req.body.endpoint);
      return json({ ok: true });
    },
  },
  {
    method: "POST",
    path: "/account/devices/:id/remove",
    access: "user",
    handle: (req) => {
      removeDevice(req.app.db, req.user!, req.params.id ?? "");
      return redirect("/account?device=removed");
    },
  },
];
