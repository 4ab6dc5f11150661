// Admin → Settings → Webhooks (the settings module): endpoints, their delivery log, redelivery.
import { h } from "preact";
import { DeliveryPage, EndpointPage, WebhooksPage, type EndpointRow, type WebhooksData } from "../../views/admin/webhooks/webhooks-page";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { EVENT_TYPES } from "../events/types";
import { page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import { attemptsOf, DELIVERIES_PAGE, deliveriesOf, getDelivery, pendingCount, redeliver } from "./deliveries";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, setEnabled, setEvents, type Endpoint } from "./endpoints";
import { webhooksOf } from "./service";
import { actorOf } from "../http/request";

const SETTINGS = { module: "settings" } as const;

const eid = (req: Req) => req.user!.enterpriseId;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
const frame = (req: Req) => ({ t: req.t, locale: req.locale, csrfToken: req.csrfToken, user: req.user! });
const errorText = (req: Req, e: UserError) => {
  const own = req.t(`webhooks.error.${e.code}`, e.params);
  return own === `webhooks.error.${e.code}` ? req.t(`common.error.${e.code}`, e.params) : own;
};

const row = (req: Req, e: Endpoint): EndpointRow => ({ id: e.id, url: e.url, events: e.events, enabled: e.enabled, createdAt: e.createdAt, pending: pendingCount(req.app.db, eid(req), e.id) });

function listPage(req: Req, extra: Partial<WebhooksData> = {}, status = 200): Response {
  const endpoints = listEndpoints(req.app.db, eid(req)).map((e) => row(req, e));
  return page(h(WebhooksPage, { ...frame(req), endpoints, eventTypes: EVENT_TYPES, ...extra }), status);
}

function endpointOf(req: Req): Endpoint {
  const e = getEndpoint(req.app.db, eid(req), req.params.id!);
  if (!e) throw new UserError("not_found", 404);
  return e;
}

function endpointPage(req: Req, extra: { notice?: string; error?: string; rotated?: string } = {}, status = 200): Response {
  const e = endpointOf(req);
  const before = Number(req.query.before);
  const deliveries = deliveriesOf(req.app.db, eid(req), e.id, Number.isInteger(before) && before > 0 ? before : undefined);
  const older = deliveries.length === DELIVERIES_PAGE ? `/admin/webhooks/${e.id}?before=${deliveries.at(-1)!.id}` : undefined;
  return page(h(EndpointPage, { ...frame(req), endpoint: row(req, e), eventTypes: EVENT_TYPES, deliveries, older, ...extra }), status);
}

const deliveryId = (req: Req): number => {
  const id = Number(req.params.delivery);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError("not_found", 404);
  return id;
};

export const webhookRoutes: Route[] = [
  { method: "GET", path: "/admin/webhooks", access: SETTINGS, handle: (req) => listPage(req) },
  {
    method: "POST",
    path: "/admin/webhooks",
    access: SETTINGS,
    handle: async (req) => {
      const form = { url: typeof req.body.url === "string" ? req.body.url.trim() : "", events: list(req.body.events) };
      try {
        const e = await createEndpoint(req.app.db, eid(req), { url: form.url, events: form.events, createdBy: req.user!.id }, req.app.config.webhooksAllowPrivate);
        audit(req.app.db, actorOf(req), "webhook.created", { type: "webhook", id: e.id, name: e.url }, { events: e.events });
        return listPage(req, { created: { url: e.url, secret: e.secret } });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return listPage(req, { form, error: errorText(req, e) }, e.status);
      }
    },
  },
  { method: "GET", path: "/admin/webhooks/:id", access: SETTINGS, handle: (req) => endpointPage(req) },
  {
    method: "POST",
    path: "/admin/webhooks/:id/events",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      try {
        setEvents(req.app.db, eid(req), e.id, list(req.body.events));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return endpointPage(req, { error: errorText(req, err) }, err.status);
      }
      audit(req.app.db, actorOf(req), "webhook.updated", { type: "webhook", id: e.id, name: e.url }, { events: list(req.body.events) });
      return endpointPage(req, { notice: req.t("webhooks.events_saved") });
    },
  },
  {
    method: "POST",
    path: "/admin/webhooks/:id/enabled",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      const enabled = req.body.enabled === "1";
      setEnabled(req.app.db, eid(req), e.id, enabled);
      audit(req.app.db, actorOf(req), enabled ? "webhook.enabled" : "webhook.disabled", { type: "webhook", id: e.id, name: e.url });
      return redirect(`/admin/webhooks/${e.id}`, 303);
    },
  },
  {
    method: "POST",
    path: "/admin/webhooks/:id/rotate",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      const secret = rotateSecret(req.app.db, eid(req), e.id);
      audit(req.app.db, actorOf(req), "webhook.secret_rotated", { type: "webhook", id: e.id, name: e.url });
      return endpointPage(req, { rotated: secret });
    },
  },
  {
    method: "POST",
    path: "/admin/webhooks/:id/delete",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      deleteEndpoint(req.app.db, eid(req), e.id);
      audit(req.app.db, actorOf(req), "webhook.deleted", { type: "webhook", id: e.id, name: e.url });
      // Its waiting deliveries are given up by the dispatcher (endpoint_deleted).
      webhooksOf(req.app.db)?.dispatcher.kick();
      return listPage(req, { notice: req.t("webhooks.deleted") });
    },
  },
  {
    method: "GET",
    path: "/admin/webhooks/:id/deliveries/:delivery",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      const d = getDelivery(req.app.db, eid(req), e.id, deliveryId(req));
      if (!d) throw new UserError("not_found", 404);
      return page(h(DeliveryPage, { ...frame(req), endpoint: { id: e.id, url: e.url }, delivery: d, attempts: attemptsOf(req.app.db, eid(req), d.id) }));
    },
  },
  {
    method: "POST",
    path: "/admin/webhooks/:id/deliveries/:delivery/redeliver",
    access: SETTINGS,
    handle: (req) => {
      const e = endpointOf(req);
      const id = deliveryId(req);
      const webhooks = webhooksOf(req.app.db);
      redeliver(req.app.db, eid(req), e.id, id, webhooks?.dispatcher.now());
      audit(req.app.db, actorOf(req), "webhook.redelivered", { type: "webhook", id: e.id, name: e.url }, { delivery: id });
      webhooks?.dispatcher.kick();
      return endpointPage(req, { notice: req.t("webhooks.redelivered") });
    },
  },
];
