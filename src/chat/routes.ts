// HTTP side of chat: a conversation's history for the workspace, a page at a time; a supervisor
// taking a chat over.
import { UserError } from "../errors";
import { withCards } from "./robot-cards";
import { json } from "../http/respond";
import type { Route } from "../http/route";
import { messagesAfter, messagesBefore, pageSize, seqParam } from "../history/message-pages";
import { toChatMessage } from "./store";

/** Messages per page of the messages API when the request does not say (at most MAX_PAGE). */
const API_PAGE = 200;

export const chatRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/conversations/:id/messages",
    access: { module: ["workspace", "history"] },
    api: true,
    handle: (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      // Same visibility rule as the socket (routing's, widened by the role's data scope), or History's for
      // those who read through History; another scope's is not found.
      const c = chat.readableTo(user, req.params.id ?? "");
      // One page: `after=seq` catches up from a seq (oldest first); otherwise the newest page, or the
      // one before `beforeSeq`. `next` holds the parameter for the following page (null: no more).
      const limit = pageSize(req.query.limit, API_PAGE);
      const after = seqParam(req.query.after);
      const page = after !== null ? messagesAfter(req.app.db, user.enterpriseId, c.id, after, limit) : messagesBefore(req.app.db, user.enterpriseId, c.id, seqParam(req.query.beforeSeq), limit);
      const next = page.next === null ? null : after !== null ? { after: page.next } : { beforeSeq: page.next };
      return json({ conversation: chat.summary(c), messages: withCards(req.app.db, user.enterpriseId, page.messages.map(toChatMessage)), next });
    },
  },
  {
    // Take a conversation over: a waiting one, or (supervisors, group or enterprise scope) another
    // agent's. The agent who had it and everyone watching learn where it went.
    method: "POST",
    path: "/api/conversations/:id/take",
    access: { module: "workspace" },
    api: true,
    handle: (req) => {
      const user = req.user!;
      const chat = req.app.chat;
      const c = chat.visibleTo(user, req.params.id ?? "");
      if (c.status !== "open") throw new UserError("conversation_closed", 409);
      const taken = c.agentId === user.id ? c : chat.take(user, c);
      return json({ conversation: chat.summary(taken) });
    },
  },
];
