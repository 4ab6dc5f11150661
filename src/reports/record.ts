// Report aggregates kept as events happen (docs/reports.md), inside the transaction of each event
// (src/events record()), so the report page sums a few daily rows instead of scanning messages.
// - conversation.created: a fact row for the conversation.
// - conversation.assigned / an agent's first message: whose it is, and when a person first answered.
// - conversation.closed: the conversation is counted, once, in its creation day's row for its site
//   and agent: answered or missed, abandoned, the robot's outcome, first response and resolution
//   times (sums and histogram buckets), its hour of creation.
// - rating.created, lead.created: counted in that day's row.
// A conversation is counted when it closes; an open one is not in the figures yet.
import type { Statement } from "bun:sqlite";
import type { Db } from "../db/client";
import { onRollback } from "../db/transaction";
import { events } from "../events/hub";
import type { DomainEvent } from "../events/types";
import { bucketOf } from "./buckets";

/** report_daily's agent id of the roll-up rows: all conversations of a day and site, whoever's. */
export const ALL_AGENTS = "*";

/** "YYYY-MM-DD" of a time, in UTC (reports count UTC days: docs/reports.md). */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface Fact {
  enterprise_id: string;
  site_id: string;
  created_at: number;
  robot: number;
  agent_id: string | null;
  assigned: number;
  first_response_at: number | null;
  day: string | null;
}

/** What closing adds to a daily row: counter name → amount. */
export type Increments = Record<string, number>;

/** Statements prepared once per database, the upserts one per set of columns they touch. */
class Writer {
  private q: Record<"insertFact" | "assignFact" | "answerFact" | "fact" | "closeFact" | "rateFact", Statement>;
  private upserts = new Map<string, Statement>();
  /** conversations known to have had their first answer (so most agent messages write nothing); bounded */
  private answered = new Set<string>();

  constructor(private db: Db) {
    const sqlite = db.$client;
    this.q = {
      insertFact: sqlite.prepare("insert or ignore into report_conversations (conversation_id, enterprise_id, site_id, created_at, robot) values (?1, ?2, ?3, ?4, ?5)"),
      assignFact: sqlite.prepare("update report_conversations set agent_id = ?2, assigned = 1 where conversation_id = ?1 and first_response_at is null and closed_at is null"),
      answerFact: sqlite.prepare("update report_conversations set first_response_at = ?2, agent_id = ?3, assigned = 1 where conversation_id = ?1 and first_response_at is null and closed_at is null"),
      fact: sqlite.prepare("select enterprise_id, site_id, created_at, robot, agent_id, assigned, first_response_at, day from report_conversations where conversation_id = ?1"),
      closeFact: sqlite.prepare("update report_conversations set closed_at = ?2, day = ?3 where conversation_id = ?1 and closed_at is null"),
      rateFact: sqlite.prepare("update report_conversations set rating = ?2, rating_comment = ?3, rated_at = ?4 where conversation_id = ?1 and rating is null"),
    };
    // What it remembers may have been undone: it forgets, and the conditional writes decide again.
    onRollback(db, () => this.answered.clear());
  }

  /**
   * Adds `inc` to the row of (day, site, agent) and to the day and site's roll-up row (agent '*',
   * every agent and none together), which a report without an agent or group filter reads alone.
   */
  add(enterpriseId: string, day: string, siteId: string, agentId: string, inc: Increments): void {
    this.addRow(enterpriseId, day, siteId, agentId, inc);
    this.addRow(enterpriseId, day, siteId, ALL_AGENTS, inc);
  }

  private addRow(enterpriseId: string, day: string, siteId: string, agentId: string, inc: Increments): void {
    const cols = Object.keys(inc).sort();
    const key = cols.join(",");
    let st = this.upserts.get(key);
    if (!st) {
      // Column names come from this file only (never from input).
      const values = cols.map((_, i) => `?${i + 6}`).join(", ");
      const sets = cols.map((c, i) => `${c} = ${c} + ?${i + 6}`).join(", ");
      st = this.db.$client.prepare(
        `insert into report_daily (enterprise_id, day, dow, site_id, agent_id, ${cols.join(", ")}) values (?1, ?2, ?3, ?4, ?5, ${values})
         on conflict (enterprise_id, day, site_id, agent_id) do update set ${sets}`,
      );
      this.upserts.set(key, st);
    }
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    st.run(enterpriseId, day, dow, siteId, agentId, ...cols.map((c) => inc[c]!));
  }

  created(e: DomainEvent<"conversation.created">): void {
    const d = e.data;
    this.q.insertFact.run(d.conversationId, e.enterpriseId, d.siteId, d.at, d.servedByRobot ? 1 : 0);
  }

  assigned(e: DomainEvent<"conversation.assigned">): void {
    if (!this.answered.has(e.data.conversationId)) this.q.assignFact.run(e.data.conversationId, e.data.agentId);
  }

  message(e: DomainEvent<"message.created">): void {
    const d = e.data;
    if (d.sender !== "agent" || d.internal || !d.authorId || this.answered.has(d.conversationId)) return;
    this.q.answerFact.run(d.conversationId, d.at, d.authorId);
    if (this.answered.size >= 50_000) this.answered.clear();
    this.answered.add(d.conversationId);
  }

  closed(e: DomainEvent<"conversation.closed">): void {
    const d = e.data;
    this.answered.delete(d.conversationId);
    const fact = this.q.fact.get(d.conversationId) as Fact | null;
    if (!fact || fact.day !== null) return; // made before reports existed, or counted already
    const day = dayOf(fact.created_at);
    this.q.closeFact.run(d.conversationId, d.at, day);
    this.add(e.enterpriseId, day, fact.site_id, fact.agent_id ?? "", closingIncrements(fact, d));
  }

  rated(e: DomainEvent<"rating.created">): void {
    const d = e.data;
    const done = this.q.rateFact.run(d.conversationId, d.score, d.comment, d.at);
    if (done.changes === 0) return;
    const fact = this.q.fact.get(d.conversationId) as Fact | null;
    if (!fact?.day) return;
    this.add(e.enterpriseId, fact.day, fact.site_id, fact.agent_id ?? "", { ratings: 1, rating_sum: d.score, [`r${d.score}`]: 1 });
  }

  lead(e: DomainEvent<"lead.created">): void {
    this.add(e.enterpriseId, dayOf(e.data.at), e.data.siteId, "", { leads: 1 });
  }
}

/** What a conversation's closing adds to its day's row. */
export function closingIncrements(fact: Pick<Fact, "created_at" | "robot" | "assigned" | "first_response_at">, closed: { at: number; servedByRobot: boolean }): Increments {
  const inc: Increments = { conversations: 1, [`h${new Date(fact.created_at).getUTCHours()}`]: 1 };
  const answered = fact.first_response_at !== null;
  const robotResolved = !!fact.robot && closed.servedByRobot;
  if (fact.robot) {
    inc.robot = 1;
    if (robotResolved) inc.robot_resolved = 1;
    else inc.robot_handoff = 1;
  }
  if (answered) {
    const fr = Math.max(0, fact.first_response_at! - fact.created_at);
    const res = Math.max(0, closed.at - fact.created_at);
    inc.answered = 1;
    inc.fr_count = 1;
    inc.fr_sum_ms = fr;
    inc[`fr${bucketOf(fr)}`] = 1;
    inc.res_count = 1;
    inc.res_sum_ms = res;
    inc[`res${bucketOf(res)}`] = 1;
  } else if (!robotResolved) {
    inc.missed = 1;
    if (!fact.assigned) inc.abandoned = 1;
  }
  return inc;
}

const started = new WeakMap<object, () => void>();

/** Keeps this database's report aggregates from now on (once per database). */
export function startReportRecording(db: Db): () => void {
  const existing = started.get(db.$client);
  if (existing) return existing;
  const w = new Writer(db);
  const hub = events(db);
  // A failure here must not lose the chat's write: the aggregates are secondary, so it is logged.
  const secondary = { secondary: "report aggregates" };
  const stops = [
    hub.record("conversation.created", (e) => w.created(e), secondary),
    hub.record("conversation.assigned", (e) => w.assigned(e), secondary),
    hub.record("message.created", (e) => w.message(e), secondary),
    hub.record("conversation.closed", (e) => w.closed(e), secondary),
    hub.record("rating.created", (e) => w.rated(e), secondary),
    hub.record("lead.created", (e) => w.lead(e), secondary),
  ];
  const stop = () => {
    for (const s of stops) s();
    started.delete(db.$client);
  };
  started.set(db.$client, stop);
  return stop;
}

/** Forgets the facts of deleted conversations (retention): they hold rating comments. The daily counts stay. */
export function forgetConversations(db: Db, enterpriseId: string, conversationIds: readonly string[]): void {
  if (!conversationIds.length) return;
  db.$client.query(`delete from report_conversations where enterprise_id = ? and conversation_id in (${conversationIds.map(() => "?").join(",")})`).run(enterpriseId, ...conversationIds);
}
