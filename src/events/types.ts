// The domain events: facts the chat core, leads and ratings announce once they happen, for whoever
// keeps something of their own about them (webhooks' outbox, report aggregates, email, push).
// Each carries what a subscriber needs without reading the database again. Plain JSON values only:
// webhooks send `data` as it is (docs/webhooks.md lists the fields).

export interface ConversationRef {
  conversationId: string;
  siteId: string;
  visitorId: string;
}

export interface DomainEvents {
  "conversation.created": ConversationRef & { agentId: string | null; groupId: string | null; servedByRobot: boolean; at: number };
  /** given to an agent: by routing, an agent taking it (or answering it), a supervisor taking over, a transfer to an agent */
  "conversation.assigned": ConversationRef & { agentId: string; previousAgentId: string | null; at: number };
  /** an agent handed it on, to another agent (who is assigned it too) or to a group's queue */
  "conversation.transferred": ConversationRef & { fromAgentId: string | null; toAgentId: string | null; toGroupId: string | null; at: number };
  "conversation.closed": ConversationRef & { agentId: string | null; reason: "agent" | "idle" | "visitor_left"; servedByRobot: boolean; createdAt: number; at: number };
  "message.created": ConversationRef & {
    messageId: number;
    seq: number;
    sender: "visitor" | "agent" | "system" | "robot";
    authorId: string | null;
    authorName: string | null;
    text: string;
    /** a note between agents (never sent to the visitor, never in a transcript) */
    internal: boolean;
    attachment: { id: string; name: string; size: number; type: string } | null;
    at: number;
  };
  "lead.created": { leadId: string; siteId: string; visitorId: string | null; fields: { key: string; label: string; value: string }[]; pageUrl: string; at: number };
  "rating.created": ConversationRef & { agentId: string | null; score: number; comment: string | null; at: number };
  /** a customer record changed (src/customers emits it; `changed` names the fields) */
  "customer.updated": { customerId: string; changed: string[]; at: number };
}

export type EventType = keyof DomainEvents;

export const EVENT_TYPES = [
  "conversation.created",
  "conversation.assigned",
  "conversation.transferred",
  "conversation.closed",
  "message.created",
  "lead.created",
  "rating.created",
  "customer.updated",
] as const satisfies readonly EventType[];

export const isEventType = (v: unknown): v is EventType => typeof v === "string" && (EVENT_TYPES as readonly string[]).includes(v);

/** One event as subscribers receive it. */
export interface DomainEvent<K extends EventType = EventType> {
  type: K;
  enterpriseId: string;
  data: DomainEvents[K];
}
