// Uploads and downloads: visitors' (public, proven by the site key and their own visitor id, CORS
// for customers' pages), agents' (signed in, the conversation's visibility rule), and the public
// images of a site's branding.
import { LIMITS } from "../../common/protocol";
import { FORM_OVERHEAD } from "../http/body";
import { WindowLimit } from "../leads/window-limit";
import { UserError } from "../errors";
import { onePer } from "../one-per";
import type { AppContext } from "../http/app-context";
import { json } from "../http/respond";
import { visitorOf } from "../http/widget-request";
import type { Req, Route } from "../http/route";
import { styleOf } from "../sites/style";
import { getAttachment, saveAttachment, toAttachment } from "./attachments";
import { fileResponse, readStored } from "./store";
import { sniff } from "./sniff";

/** Visitors' uploads per visitor and per address (tests may lower or reset them). */
export const uploadLimits = onePer((_app: AppContext) => ({ visitor: new WindowLimit(30, 10 * 60_000), ip: new WindowLimit(100, 10 * 60_000) }));


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
    // The address's uploads are counted before its body (up to 10 MB) is read: one over its limit
    // is refused without the read, and simultaneous uploads cannot all be read before they count.
    beforeBody: (req) => {
      const wait = uploadLimits(req.app).ip.hit(req.ip);
      if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
    },
    handle: async (req) => {
      const { site, visitorId } = visitorOf(req);
      if (!styleOf(site).features.attachments) throw new UserError("attachments_off", 403);
      const wait = uploadLimits(req.app).visitor.hit(visitorId);
      if (wait) throw new UserError("rate_limited", 429, { seconds: wait });
      const row = await saveAttachment(req.app.db, req.app.config.dataDir, site.enterpriseId, req.body.file, { visitorId, conversationId: null, uploadedBy: null });
      return json({ attachment: toAttachment(row) }, 201);
    },
  },
  {
    // POST, not GET: the visitor's id is their credential and does not belong in a URL.
    method: "POST",
    path: "/api/widget/files/:id",
    access: "public",
    api: true,
    crossSite: true,
    handle: async (req) => {
      const { site, visitorId } = visitorOf(req);
      const a = getAttachment(req.app.db, site.enterpriseId, req.params.id ?? "");
      if (!a || a.visitorId !== visitorId) throw new UserError("not_found", 404);
      const bytes = await readStored(req.app.config.dataDir, "attachments", a.stored);
      if (!bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, a.type, a.name, PRIVATE);
    },
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
      const c = chat.visibleTo(user, req.params.id ?? "");
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
      // Whoever may read its conversation (the workspace's rule, or History's: chat.readableTo).
      if (!a?.conversationId) throw new UserError("not_found", 404);
      chat.readableTo(user, a.conversationId);
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
    crossSite: true,
    handle: async (req) => {
      const name = req.params.name ?? "";
      const bytes = await readStored(req.app.config.dataDir, "public", name);
      const kind = bytes && sniff(bytes);
      if (!bytes || !kind?.image) throw new UserError("not_found", 404);
      return fileResponse(bytes, kind.type, name, { "cache-control": "public, max-age=31536000, immutable" });
    },
  },
];
