// Uploads and downloads: visitors' (public, proven by the site key and their own visitor id, CORS
// for customers' pages), agents' (signed in, the conversation's visibility rule), and the public
// images of a site's branding.
import { isValidVisitorId, visitorKey } from "../chat/visitors";
import { LIMITS } from "../chat/protocol";
import { FORM_OVERHEAD } from "../http/body";
import { WindowLimit } from "../leads/window-limit";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { json } from "../http/respond";
import type { Req, Route } from "../http/route";
import { resolveLocale, t } from "../i18n";
import { CORS } from "../sites/routes";
import { siteByKey, type Site } from "../sites/sites";
import { styleOf } from "../sites/style";
import { getAttachment, saveAttachment, toAttachment } from "./attachments";
import { fileResponse, readStored } from "./store";
import { sniff } from "./sniff";
import { isBlocked } from "../blocking/blocks";

const limitsByApp = new WeakMap<AppContext, { visitor: WindowLimit; ip: WindowLimit }>();

/** Visitors' uploads per visitor and per address (tests may lower or reset them). */
export function uploadLimits(app: AppContext) {
  let l = limitsByApp.get(app);
  if (!l) limitsByApp.set(app, (l = { visitor: new WindowLimit(30, 10 * 60_000), ip: new WindowLimit(100, 10 * 60_000) }));
  return l;
}

/** A visitor's request (form fields site and vid): the site and who they are. Unknown site or malformed id: not found. */
export function visitorOf(req: Req): { site: Site; vid: string; visitorId: string } {
  const site = siteByKey(req.app.db, typeof req.body.site === "string" ? req.body.site : "");
  const vid = req.body.vid;
  if (!site || !isValidVisitorId(vid)) throw new UserError("not_found", 404);
  const visitorId = visitorKey(site.enterpriseId, vid);
  // A blocked visitor's uploads, files, profile and rating are refused as their socket is.
  if (isBlocked(req.app.db, site.enterpriseId, visitorId, req.ip, req.app.chat.clock.now())) throw new UserError("blocked", 403);
  return { site, vid, visitorId };
}

/**
 * Runs a public widget endpoint: refusals are answered here, in the visitor's language and with
 * CORS headers, so that the widget on another origin can read why.
 */
export async function forWidget(req: Req, handle: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await handle();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const locale = resolveLocale(typeof req.body.lang === "string" ? req.body.lang : req.query.lang, req.request.headers.get("accept-language"));
    return json({ error: { code: e.code, message: t(locale, `common.error.${e.code}`, e.params) } }, e.status, CORS);
  }
}

const PRIVATE = { "cache-control": "private, no-store" };
/** An attachment of the largest allowed size with its form around it; anything larger is refused before it is read. */
const UPLOAD_BODY = LIMITS.maxAttachmentBytes + FORM_OVERHEAD;

export const fileRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/widget/uploads",
    access: "public",
    api: true,
    crossSite: true,
    maxBody: UPLOAD_BODY,
    handle: (req) =>
      forWidget(req, async () => {
        const { site, visitorId } = visitorOf(req);
        if (!styleOf(site).features.attachments) throw new UserError("attachments_off", 403);
        const limits = uploadLimits(req.app);
        const wait = limits.ip.hit(req.ip) || limits.visitor.hit(visitorId);
        if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
        const row = await saveAttachment(req.app.db, req.app.config.dataDir, site.enterpriseId, req.body.file, { visitorId, conversationId: null, uploadedBy: null });
        return json({ attachment: toAttachment(row) }, 201, CORS);
      }),
  },
  {
    // POST, not GET: the visitor's id is their credential and does not belong in a URL.
    method: "POST",
    path: "/api/widget/files/:id",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) =>
      forWidget(req, async () => {
        const { site, visitorId } = visitorOf(req);
        const a = getAttachment(req.app.db, site.enterpriseId, req.params.id ?? "");
        if (!a || a.visitorId !== visitorId) throw new UserError("not_found", 404);
        const bytes = await readStored(req.app.config.dataDir, "attachments", a.stored);
        if (!bytes) throw new UserError("not_found", 404);
        return fileResponse(bytes, a.type, a.name, { ...CORS, ...PRIVATE });
      }),
  },
  {
    method: "POST",
    path: "/api/conversations/:id/attachments",
    access: { module: "workspace" },
    api: true,
    maxBody: UPLOAD_BODY,
    handle: async (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      const c = chat.store.get(user.enterpriseId, req.params.id ?? "");
      if (!c || !chat.canSee(user, c)) throw new UserError("not_found", 404);
      if (c.status !== "open") throw new UserError("conversation_closed", 409);
      const row = await saveAttachment(req.app.db, req.app.config.dataDir, user.enterpriseId, req.body.file, { visitorId: c.visitorId, conversationId: c.id, uploadedBy: user.id });
      return json({ attachment: toAttachment(row) }, 201);
    },
  },
  {
    method: "GET",
    path: "/api/attachments/:id",
    access: { module: ["workspace", "history"] },
    api: true,
    handle: async (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      const a = getAttachment(req.app.db, user.enterpriseId, req.params.id ?? "");
      const c = a?.conversationId ? chat.store.get(user.enterpriseId, a.conversationId) : undefined;
      if (!a || !c || !chat.canSee(user, c)) throw new UserError("not_found", 404);
      const bytes = await readStored(req.app.config.dataDir, "attachments", a.stored);
      if (!bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, a.type, a.name, PRIVATE);
    },
  },
  {
    // Logos and avatars: shown on customers' pages, so public; a new upload gets a new name, so
    // each name's bytes never change and may be cached for good.
    method: "GET",
    path: "/api/widget/assets/:name",
    access: "public",
    api: true,
    handle: async (req) => {
      const name = req.params.name ?? "";
      const bytes = await readStored(req.app.config.dataDir, "public", name);
      const kind = bytes && sniff(bytes);
      if (!bytes || !kind?.image) throw new UserError("not_found", 404);
      return fileResponse(bytes, kind.type, name, { ...CORS, "cache-control": "public, max-age=31536000, immutable" });
    },
  },
];
