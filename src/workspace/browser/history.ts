// The full message history of a conversation, fetched once when the agent first opens it.
import type { ChatMessage } from "../../chat/protocol";

export class HistoryError extends Error {
  constructor(readonly status: number) {
    super(`history request failed with ${status}`);
  }
}

export async function fetchHistory(conversationId: string): Promise<ChatMessage[]> {
  const res = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, {
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  if (!res.ok) throw new HistoryError(res.status);
  const body = (await res.json()) as { messages?: ChatMessage[] };
  return Array.isArray(body.messages) ? body.messages : [];
}
