// System lines of a conversation ("the conversation was closed", "{name} will continue to help
// you") are kept as a catalogue key and its parameters beside the message (system_lines), so each
// reader gets them in their own language: the visitor in theirs (the stored body, and the widget
// renders the key in the language it shows now), an agent in the workspace's, History and a
// visitor's page in the reader's. Attached to every message a client receives (robot-cards.ts's
// withCards adds them on every replay path); conversations without a system line cost nothing.
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { systemLines } from "../db/schema";
import { scoped } from "../db/scope";
import { areaStrings, t, type Locale } from "../i18n";
import type { ChatMessage, SystemLine } from "../../common/protocol";

/** Keys live in the widget's catalogue (the visitor's side), under this prefix. */
const KEY_PREFIX = "system_";

export function saveSystemLine(db: Db, enterpriseId: string, m: Pick<ChatMessage, "id" | "conversationId">, line: SystemLine): void {
  scoped(db, enterpriseId).insert(systemLines, { messageId: m.id, conversationId: m.conversationId, key: line.key, params: JSON.stringify(line.params) }).run();
}

/** The system lines of these messages, by message id (only those with a `from` of system are looked up). */
export function systemLinesOf(db: Db, enterpriseId: string, messages: readonly { id: number; from?: string; sender?: string }[]): Map<number, SystemLine> {
  const ids = messages.filter((m) => (m.from ?? m.sender) === "system").map((m) => m.id);
  if (ids.length === 0) return new Map();
  return new Map(
    scoped(db, enterpriseId)
      .select(systemLines, inArray(systemLines.messageId, ids))
      .all()
      .map((r) => [r.messageId, { key: r.key, params: JSON.parse(r.params) as SystemLine["params"] }]),
  );
}

/** The messages with their system lines' keys and parameters. */
export function withSystemLines(db: Db, enterpriseId: string, messages: ChatMessage[]): ChatMessage[] {
  const lines = systemLinesOf(db, enterpriseId, messages);
  return lines.size === 0 ? messages : messages.map((m) => (lines.has(m.id) ? { ...m, system: lines.get(m.id) } : m));
}

/** Messages for a page rendered on the server: system lines' text in the reader's language. */
export function forReader(db: Db, enterpriseId: string, locale: Locale, messages: ChatMessage[]): ChatMessage[] {
  const lines = systemLinesOf(db, enterpriseId, messages);
  return lines.size === 0 ? messages : messages.map((m) => (lines.has(m.id) ? { ...m, text: systemText(locale, lines.get(m.id)!) } : m));
}

/** A system line in a reader's language. */
export function systemText(locale: Locale, line: SystemLine): string {
  return t(locale, `widget.${line.key}`, line.params);
}

/** The system lines' strings for a browser bundle that renders them (the workspace), keyed `widget.<key>`. */
export function systemLineStrings(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(areaStrings(locale, "widget"))) if (k.startsWith(KEY_PREFIX)) out[`widget.${k}`] = v;
  return out;
}
