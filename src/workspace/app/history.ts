// A conversation's messages from the messages API, a page at a time: the newest page when the agent
// first opens it, then the pages before it as they scroll up ("load earlier").
import type { ChatMessage } from "../../../common/protocol";

export class HistoryError extends Error {
  constructor(readonly status: number) {
    super(`history request failed with ${status}`);
  }
}

export interface HistoryPage {
  messages: ChatMessage[];
  /** the seq to ask before for the page before this one; null: this page starts the conversation */
  earlier: number | null;
}

/** The newest page, or the one before `beforeSeq`. */
export async function fetchHistory(conversationId: string, beforeSeq: number | null = null): Promise<HistoryPage> {
  const query = beforeSeq === null ? "" : `?beforeSeq=${beforeSeq}`;
  const res = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/messages${query}`, {
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  if (!res.ok) throw new HistoryError(res.status);
  const body = (await res.json()) as { messages?: ChatMessage[]; next?: { beforeSeq?: number } | null };
  const before = body.next?.beforeSeq;
  return { messages: Array.isArray(body.messages) ? body.messages : [], earlier: typeof before === "number" ? before : null };
}
