// /api/v1/conversations: list (History's filters and search), read, close, transfer, and the
// messages (read a page, send as an agent or as a bot). Actions go through the chat core's own
// functions (src/chat/conversation-flow.ts, the store, the fan-out), so agents' and visitors'
// sockets hear of them exactly as when an agent acts in the workspace.
import type { Member } from "../accounts/data-scope";
import { getUser, type User } from "../accounts/users";
import { LIMITS } from "../../common/protocol";
import { withCards } from "../chat/robot-cards";
import { toChatMessage } from "../chat/store";
import type { Conversation } from "../chat/conversations";
import { UserError } from "../errors";
import { searchHistory } from "../history/history";
import { messagesAfter, messagesBefore, seqParam } from "../history/message-pages";
import { searchIndexFor } from "../history/search-index";
import { json } from "../http/respond";
import type { Req, Route } from "../http/route";
import { arr, bodyText, CONVERSATION, enumParam, idPath, int, intParam, MESSAGE, ms, notFound, nullable, obj, str, textParam, timeParam, V1 } from "./common";

const HISTORY = { module: "history" } as const;
const WORKSPACE = { module: "workspace" } as const;

function conversationOf(req: Req): Conversation {
  return req.app.chat.visibleTo(req.user!, req.params.id ?? "");
}

/** For the History module's reads: what History lets the caller read, or what the workspace shows them. */
function readableOf(req: Req): Conversation {
  return req.app.chat.readableTo(req.user!, req.params.id ?? "");
}

const ROW = obj({
  id: str,
  siteName: str,
  agentName: nullable(str),
  visitorDisplayId: str,
  status: { enum: ["open", "closed"] },
  closeReason: nullable(str),
  createdAt: ms,
  lastMessageAt: ms,
  messageCount: int,
  preview: str,
  rating: nullable(int),
});

export const conversationRoutes: Route[] = [
  {
    method: "GET",
    path: `${V1}/conversations`,
    access: HISTORY,
    api: true,
    doc: {
      operationId: "listConversations",
      tag: "conversations",
      summary: "List conversations, newest activity first, 50 a page",
      query: {
        status: { description: "open or closed", schema: { enum: ["open", "closed"] } },
        siteId: { description: "only this site's", schema: str },
        agentId: { description: "only this agent's", schema: str },
        from: { description: "active at or after (ms or ISO 8601)", schema: str },
        to: { description: "started at or before (ms or ISO 8601)", schema: str },
        q: { description: "words to find in the messages (Chinese without spaces too)", schema: str },
        page: { description: "page number, from 0", schema: { type: "integer", minimum: 0 } },
      },
      response: obj({ conversations: arr(ROW), page: int, hasMore: { type: "boolean" } }),
    },
    handle: (req) => {
      const page = intParam(req, "page", 0, 100_000, 0);
      const filter = {
        status: enumParam(req, "status", ["open", "closed"] as const),
        siteId: textParam(req, "siteId", 64),
        agentId: textParam(req, "agentId", 64),
        from: timeParam(req, "from"),
        to: timeParam(req, "to"),
        q: textParam(req, "q", 200),
        page,
      };
      const { rows, hasMore } = searchHistory(req.app.db, searchIndexFor(req.app.db), req.user!, filter);
      return json({ conversations: rows, page, hasMore });
    },
  },
  {
    method: "GET",
    path: `${V1}/conversations/:id`,
    access: HISTORY,
    api: true,
    doc: { operationId: "getConversation", tag: "conversations", summary: "Read a conversation", path: idPath("conversation"), response: obj({ conversation: CONVERSATION }) },
    handle: (req) => json({ conversation: req.app.chat.summary(readableOf(req)) }),
  },
  {
    method: "POST",
    path: `${V1}/conversations/:id/close`,
    access: WORKSPACE,
    api: true,
    doc: {
      operationId: "closeConversation",
      tag: "conversations",
      summary: "Close an open conversation (409 conversation_closed when it is not open)",
      path: idPath("conversation"),
      response: obj({ conversation: CONVERSATION }),
    },
    handle: (req) => {
      const c = conversationOf(req);
      req.app.chat.closeConversation(c, "agent");
      return json({ conversation: req.app.chat.summary(req.app.chat.conversation(c.enterpriseId, c.id)!) });
    },
  },
  {
    method: "POST",
    path: `${V1}/conversations/:id/transfer`,
    access: WORKSPACE,
    api: true,
    doc: {
      operationId: "transferConversation",
      tag: "conversations",
      summary: "Transfer an open conversation to an available agent or to a group",
      description: "Exactly one of agentId and groupId. The note is stored as an internal note (agents only).",
      path: idPath("conversation"),
      body: obj({ agentId: str, groupId: str, note: str }, []),
      response: obj({ conversation: CONVERSATION }),
    },
    handle: (req) => {
      const c = conversationOf(req);
      const agentId = bodyText(req, "agentId", 64, false);
      const groupId = bodyText(req, "groupId", 64, false);
      if (!agentId === !groupId) throw new UserError("bad_request", 400, { reason: "give exactly one of agentId and groupId" });
      req.app.chat.transfer(req.user!, c, { agentId, groupId }, bodyText(req, "note", LIMITS.maxTextLength, false));
      return json({ conversation: req.app.chat.summary(req.app.chat.conversation(c.enterpriseId, c.id)!) });
    },
  },
  {
    method: "GET",
    path: `${V1}/conversations/:id/messages`,
    access: HISTORY,
    api: true,
    doc: {
      operationId: "listMessages",
      tag: "messages",
      summary: "Read a conversation's messages a page at a time",
      description: "Without `after`: the newest page, or the one before `beforeSeq`. With `after`: oldest first from that seq. `next` holds the parameter for the following page (null: no more).",
      path: idPath("conversation"),
      query: {
        after: { description: "catch up from this seq (oldest first)", schema: { type: "integer", minimum: 0 } },
        beforeSeq: { description: "the page before this seq", schema: { type: "integer", minimum: 1 } },
        limit: { description: "messages per page (default 100, at most 500)", schema: { type: "integer", minimum: 1, maximum: 500 } },
      },
      response: obj({ messages: arr(MESSAGE), next: { type: ["object", "null"] } }),
    },
    handle: (req) => {
      const c = readableOf(req);
      const eid = req.user!.enterpriseId;
      const limit = intParam(req, "limit", 1, 500, 100);
      const after = seqParam(req.query.after);
      const page = after !== null ? messagesAfter(req.app.db, eid, c.id, after, limit) : messagesBefore(req.app.db, eid, c.id, seqParam(req.query.beforeSeq), limit);
      const next = page.next === null ? null : after !== null ? { after: page.next } : { beforeSeq: page.next };
      return json({ messages: withCards(req.app.db, eid, page.messages.map(toChatMessage)), next });
    },
  },
  {
    method: "POST",
    path: `${V1}/conversations/:id/messages`,
    access: WORKSPACE,
    api: true,
    doc: {
      operationId: "sendMessage",
      tag: "messages",
      summary: "Send a message into an open conversation, as an agent or as a bot",
      description:
        "`as: \"agent\"` writes as the seat `agentId` (the conversation's agent, or it takes a waiting conversation); `as: \"bot\"` writes as a robot message named after the token. `clientId` makes a retry safe: the same clientId stores the message once (`duplicate: true`). The visitor and the agents receive it live.",
      path: idPath("conversation"),
      body: obj({ text: { type: "string", maxLength: LIMITS.maxTextLength }, as: { enum: ["agent", "bot"] }, agentId: str, clientId: { type: "string", maxLength: 64 } }, ["text", "as"]),
      status: 201,
      response: obj({ message: MESSAGE, duplicate: { type: "boolean" } }),
    },
    handle: (req) => {
      const chat = req.app.chat;
      const c = conversationOf(req);
      const text = bodyText(req, "text", LIMITS.maxTextLength)!;
      if (!text.trim()) throw new UserError("bad_request", 400, { reason: "text: required" });
      const as = req.body.as;
      if (as !== "agent" && as !== "bot") throw new UserError("bad_request", 400, { reason: "as: agent or bot" });
      const clientId = bodyText(req, "clientId", 64, false) ?? crypto.randomUUID();
      if (c.status !== "open") throw new UserError("conversation_closed", 409);
      let author: { agent: User } | { botName: string };
      // Writing as a named seat or as the robot is an API token's (an integration, which is no seat).
      // A person calling with their session writes as themselves, as in the workspace.
      const person = req.token ? null : req.user!;
      if (person && (as === "bot" || (bodyText(req, "agentId", 64, false) ?? person.id) !== person.id)) throw new UserError("forbidden", 403);
      if (as === "agent") {
        const agent = getUser(req.app.db, c.enterpriseId, person?.id ?? bodyText(req, "agentId", 64) ?? "");
        if (!agent || agent.seatState !== "active") throw notFound();
        author = { agent };
      } else author = { botName: (req.user as Member).name };
      const appended = chat.post(c, author, clientId, text);
      return json({ message: appended.message, duplicate: appended.duplicate }, appended.duplicate ? 200 : 201);
    },
  },
];
