// Blocking visitors (黑名单): an agent blocks the visitor of a conversation they see (the workspace's
// conversation actions), admins list, find and lift blocks (Admin → Settings → Blocked visitors).
// Every block and lift is in the audit log.
import { h } from "preact";
import { BlockingPage } from "../../views/admin/blocking/blocking-page";
import { audit } from "../accounts/audit";
import { displayId } from "../chat/visitors";
import { UserError } from "../errors";
import { json, page } from "../http/respond";
import type { Req, Route } from "../http/route";
import { blockVisitor, liftBlock, listBlocks, type Block } from "./blocks";
import { str } from "../http/request";

const target = (b: Block) => ({ type: "visitor", id: b.visitorId, name: displayId(b.visitorId) });

function blockingPage(req: Req, extra: { notice?: string; error?: string } = {}, status = 200): Response {
  const now = req.app.chat.clock.now();
  const q = str(req.query.q);
  const all = req.query.all === "1";
  const list = listBlocks(req.app.db, req.user!.enterpriseId, { q, all, page: Number(req.query.page ?? 1) }, now);
  const blocks = list.blocks.map((b) => ({ ...b, display: displayId(b.visitorId) }));
  return page(h(BlockingPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, user: req.user!, ...list, blocks, q, all, now, ...extra }), status);
}

export const blockingRoutes: Route[] = [
  {
    // The agent's block: the conversation names the visitor; its own sockets are closed at once.
    method: "POST",
    path: "/api/conversations/:id/block",
    access: { module: "workspace" },
    api: true,
    handle: (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      const c = chat.visibleTo(user, req.params.id ?? "");
      const b = blockVisitor(
        req.app.db,
        user.enterpriseId,
        {
          visitorId: c.visitorId,
          withIp: ["1", "on", "true"].includes(str(req.body.ip)),
          reason: str(req.body.reason),
          duration: str(req.body.duration) || "permanent",
          conversationId: c.id,
          by: { id: user.id, name: user.name },
        },
        chat.clock.now(),
      );
      audit(req.app.db, req.user!, "visitor.blocked", target(b), { reason: b.reason, ip: b.ip || null, expiresAt: b.expiresAt, conversationId: c.id });
      chat.visitorBlocked(user.enterpriseId, c.visitorId);
      return json({ block: { id: b.id, visitorId: b.visitorId, ip: !!b.ip, expiresAt: b.expiresAt } });
    },
  },
  { method: "GET", path: "/admin/blocking", access: { module: "settings" }, handle: (req) => blockingPage(req) },
  {
    method: "POST",
    path: "/admin/blocking/:id/lift",
    access: { module: "settings" },
    handle: (req) => {
      const b = liftBlock(req.app.db, req.user!.enterpriseId, req.params.id ?? "", req.user!.name, req.app.chat.clock.now());
      audit(req.app.db, req.user!, "visitor.unblocked", target(b), { blockId: b.id, reason: b.reason });
      return blockingPage(req, { notice: req.t("blocking.lifted", { visitor: displayId(b.visitorId) }) });
    },
  },
];
