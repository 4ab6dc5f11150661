// The learning loop and the robot's results: the visitor questions it could not answer, grouped by
// what they say (their content words, as the matcher reads them) so that "你们运费多少？" and
// "运费多少" are one line, and per conversation whether the robot answered and whether a person had
// to take over.
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { robotOutcomes, robotUnanswered } from "../db/schema";
import { ownedBy, scoped } from "../db/scope";
import { analyze, normalize } from "./tokenize";

export type UnansweredGroup = typeof robotUnanswered.$inferSelect;

/** Kept per enterprise; past this the rarest, oldest questions make room (visitors type anything). */
export const MAX_UNANSWERED = 5000;
const MAX_TEXT = 200;

/** The grouping key: the content words (no punctuation, particles or greetings), else the normalized text. */
export function questionKey(text: string): string {
  return analyze(text).units.join(" ") || normalize(text);
}

export function recordUnanswered(db: Db, enterpriseId: string, text: string, now = Date.now()): void {
  const example = text.trim().slice(0, MAX_TEXT);
  const normalized = questionKey(example);
  if (!normalized) return;
  const inserted = scoped(db, enterpriseId)
    .insert(robotUnanswered, { id: newId("unq"), normalized, example, count: 1, firstAskedAt: now, lastAskedAt: now })
    .onConflictDoUpdate({
      target: [robotUnanswered.enterpriseId, robotUnanswered.normalized],
      set: { count: sql`${robotUnanswered.count} + 1`, example, lastAskedAt: now },
    })
    .returning({ count: robotUnanswered.count })
    .get();
  if (inserted?.count === 1) pruneUnanswered(db, enterpriseId);
}

function pruneUnanswered(db: Db, enterpriseId: string): void {
  const total = db.select({ n: sql<number>`count(*)` }).from(robotUnanswered).where(ownedBy(robotUnanswered, enterpriseId)).get()?.n ?? 0;
  if (total <= MAX_UNANSWERED) return;
  const keep = db
    .select({ id: robotUnanswered.id })
    .from(robotUnanswered)
    .where(ownedBy(robotUnanswered, enterpriseId))
    .orderBy(desc(robotUnanswered.count), desc(robotUnanswered.lastAskedAt))
    .limit(MAX_UNANSWERED);
  scoped(db, enterpriseId).delete(robotUnanswered, sql`${robotUnanswered.id} not in ${keep}`).run();
}

/** Most frequent first, then most recent. */
export function listUnanswered(db: Db, enterpriseId: string, limit = 200): UnansweredGroup[] {
  return scoped(db, enterpriseId).select(robotUnanswered).orderBy(desc(robotUnanswered.count), desc(robotUnanswered.lastAskedAt)).limit(limit).all();
}

export function getUnanswered(db: Db, enterpriseId: string, id: string): UnansweredGroup | undefined {
  return scoped(db, enterpriseId).select(robotUnanswered, eq(robotUnanswered.id, id)).get();
}

export function dismissUnanswered(db: Db, enterpriseId: string, id: string): boolean {
  return scoped(db, enterpriseId).delete(robotUnanswered, eq(robotUnanswered.id, id)).returning({ id: robotUnanswered.id }).all().length > 0;
}

/** What happened in a conversation, as the chat core tells the robot. */
export type OutcomeEvent = "answered" | "unanswered" | "handed_to_human";

export function recordOutcome(db: Db, enterpriseId: string, conversationId: string, event: OutcomeEvent, siteId: string | null = null, now = Date.now()): void {
  const answers = event === "answered" ? 1 : 0;
  const unanswered = event === "unanswered" ? 1 : 0;
  const handedOffAt = event === "handed_to_human" ? now : null;
  scoped(db, enterpriseId)
    .insert(robotOutcomes, { conversationId, siteId, answers, unanswered, handedOffAt, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: robotOutcomes.conversationId,
      set: {
        answers: sql`${robotOutcomes.answers} + ${answers}`,
        unanswered: sql`${robotOutcomes.unanswered} + ${unanswered}`,
        handedOffAt: sql`coalesce(${robotOutcomes.handedOffAt}, ${handedOffAt})`,
        updatedAt: now,
      },
      // A conversation id is global, but a row of another enterprise is never touched.
      setWhere: eq(robotOutcomes.enterpriseId, enterpriseId),
    })
    .run();
}

export interface ResolvedShare {
  /** conversations the robot took part in since the given time */
  conversations: number;
  /** of those, the ones it answered and no person had to take */
  resolved: number;
  /** resolved / conversations, or null with no conversations */
  share: number | null;
}

export function resolvedShare(db: Db, enterpriseId: string, since: number): ResolvedShare {
  const row = db
    .select({
      conversations: sql<number>`count(*)`,
      resolved: sql<number>`coalesce(sum(case when ${robotOutcomes.answers} > 0 and ${robotOutcomes.handedOffAt} is null then 1 else 0 end), 0)`,
    })
    .from(robotOutcomes)
    .where(ownedBy(robotOutcomes, enterpriseId, and(gte(robotOutcomes.createdAt, since))))
    .get() ?? { conversations: 0, resolved: 0 };
  return { conversations: row.conversations, resolved: row.resolved, share: row.conversations ? row.resolved / row.conversations : null };
}
