// HTTP side of chat: a conversation's history for the workspace.
import { json } from "../http/respond";
import type { Route } from "../http/route";

export const chatRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/conversations/:id/messages",
    access: { module: ["workspace", "history"] },
    api: true,
    handle: (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      const c = chat.store.get(user.enterpriseId, req.params.id ?? "");
      // Same visibility rule as the socket: theirs, or waiting for anyone.
      if (!c || (c.agentId && c.agentId !== user.id)) return json({ error: { code: "not_found", message: req.t("common.error.not_found") } }, 404);
      const after = Number(req.query.after ?? 0);
      return json({ conversation: chat.summary(c), messages: chat.store.messagesAfter(user.enterpriseId, c.id, Number.isInteger(after) && after >= 0 ? after : 0) });
    },
  },
];
