// The cards of robot messages (what the widget offers with the text: questions to pick, a person,
// the message form), kept beside the messages by message id. Every path that sends stored messages
// again (a reconnect's replay, the workspace's history) adds them, and system lines' keys with them
// (system-lines.ts); conversations without a robot message or a system line cost nothing.
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { robotCards } from "../db/schema";
import { scoped } from "../db/scope";
import type { ChatMessage, RobotCard } from "../../common/protocol";
import { withSystemLines } from "./system-lines";

export function saveCard(db: Db, m: ChatMessage & { robot: RobotCard }, enterpriseId: string): void {
  scoped(db, enterpriseId).insert(robotCards, { messageId: m.id, conversationId: m.conversationId, card: JSON.stringify(m.robot) }).run();
}

/** The messages with their robot cards (and their system lines' keys). */
export function withCards(db: Db, enterpriseId: string, messages: ChatMessage[]): ChatMessage[] {
  messages = withSystemLines(db, enterpriseId, messages);
  const ids = messages.filter((m) => m.from === "robot").map((m) => m.id);
  if (ids.length === 0) return messages;
  const cards = new Map(
    scoped(db, enterpriseId)
      .select(robotCards, inArray(robotCards.messageId, ids))
      .all()
      .map((r) => [r.messageId, JSON.parse(r.card) as RobotCard]),
  );
  return messages.map((m) => (cards.has(m.id) ? { ...m, robot: cards.get(m.id) } : m));
}
