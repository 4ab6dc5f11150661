// What an agent's list shows of a conversation and its visitor.
import type { ConversationStore } from "./conversations";
import type { Db } from "../db/client";
import { getUser } from "../accounts/users";
import { getSite } from "../sites/sites";
import type { Presence } from "./presence";
import type { Attachment, ConversationSummary } from "../../common/protocol";
import type { MessageStore } from "./store";
import type { Conversation } from "./conversations";
import { systemLinesOf } from "./system-lines";
import { getVisitor, visitorSummary } from "./visitors";

export function agentName(db: Db, c: Conversation): string | null {
  return c.agentId ? (getUser(db, c.enterpriseId, c.agentId)?.name ?? null) : null;
}

export function conversationSummary(db: Db, store: MessageStore, conversations: ConversationStore, presence: Presence, c: Conversation): ConversationSummary {
  const v = getVisitor(db, c.enterpriseId, c.visitorId);
  const last = store.lastMessage(c.enterpriseId, c.id);
  const system = last && systemLinesOf(db, c.enterpriseId, [last]).get(last.id);
  const site = getSite(db, c.enterpriseId, c.siteId);
  return {
    id: c.id,
    siteId: c.siteId,
    siteName: site?.name ?? "",
    status: c.status,
    closeReason: c.closeReason ?? null,
    agentId: c.agentId,
    agentName: agentName(db, c),
    queuePosition: conversations.queuePosition(c),
    lastSeq: last?.seq ?? 0,
    unread: store.unread(c),
    lastMessage: last
      ? { from: last.sender, text: last.body.slice(0, 200), at: last.createdAt, ...(last.attachment ? { file: (JSON.parse(last.attachment) as Attachment).name } : {}), ...(system ? { system } : {}) }
      : null,
    createdAt: c.createdAt,
    ...(c.servedByRobot ? { robot: true as const } : {}),
    visitor: v
      ? visitorSummary(v, presence.isVisitorOnline(v.id))
      : { id: c.visitorId, displayId: "", firstSeenAt: 0, lastSeenAt: 0, page: {}, device: "", userAgent: "", online: false },
  };
}
