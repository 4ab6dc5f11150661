// The report's figures for a filter (docs/reports.md), summed from the daily aggregate rows
// (src/reports/record.ts): a handful of grouped sums over at most (days × sites × agents) rows,
// whatever the number of conversations. Data scope: a person who sees only their own (or their
// groups') records gets only those agents' rows.
import type { Member } from "../accounts/data-scope";
import type { Db } from "../db/client";
import { membersOf } from "../routing/groups";
import { BUCKETS, percentileBucket } from "./buckets";
import { ALL_AGENTS } from "./record";
import { DAY_MS } from "../../common/time";

export interface ReportFilter {
  /** first and last day, "YYYY-MM-DD" (UTC), inclusive */
  from: string;
  to: string;
  siteId?: string;
  groupId?: string;
  agentId?: string;
}

export interface TimeFigures {
  count: number;
  averageMs: number | null;
  /** the bucket (src/reports/buckets.ts) holding the median and the 90th percentile */
  medianBucket: number | null;
  p90Bucket: number | null;
}

export interface Totals {
  conversations: number;
  answered: number;
  missed: number;
  abandoned: number;
  robot: number;
  robotResolved: number;
  robotHandoff: number;
  leads: number;
  ratings: number;
  ratingAverage: number | null;
  /** ratings by score, 1 to 5 */
  scores: [number, number, number, number, number];
  firstResponse: TimeFigures;
  resolution: TimeFigures;
  /** counts per bucket (src/reports/buckets.ts) */
  firstResponseBuckets: number[];
  resolutionBuckets: number[];
}

export interface DayRow {
  day: string;
  conversations: number;
  answered: number;
  missed: number;
  abandoned: number;
  leads: number;
}

export interface AgentRow {
  agentId: string;
  name: string;
  conversations: number;
  answered: number;
  missed: number;
  onlineMs: number;
  firstResponse: TimeFigures;
  ratings: number;
  ratingAverage: number | null;
}

export interface Report {
  filter: ReportFilter;
  totals: Totals;
  days: DayRow[];
  /** conversations by day of the week (0 = Sunday) and hour (UTC) */
  hourOfWeek: number[][];
  agents: AgentRow[];
  comments: { conversationId: string; score: number; comment: string; at: number }[];
}

const COUNTERS = ["conversations", "answered", "missed", "abandoned", "robot", "robot_resolved", "robot_handoff", "fr_count", "fr_sum_ms", "res_count", "res_sum_ms", "ratings", "rating_sum", "leads", "r1", "r2", "r3", "r4", "r5"] as const;
const FR = Array.from({ length: BUCKETS }, (_, b) => `fr${b}`);
const RES = Array.from({ length: BUCKETS }, (_, b) => `res${b}`);
const HOURS = Array.from({ length: 24 }, (_, h) => `h${h}`);
const sums = (cols: readonly string[]) => cols.map((c) => `coalesce(sum(${c}), 0) as ${c}`).join(", ");

type Row = Record<string, number>;

/**
 * The agents whose rows the asker may read for this filter: null = every row (enterprise scope and no
 * agent or group chosen); otherwise a list (possibly empty).
 */
export function agentsInReach(db: Db, member: Pick<Member, "id" | "enterpriseId" | "grant" | "reach">, filter: Pick<ReportFilter, "agentId" | "groupId">): string[] | null {
  let agents: string[] | null = null;
  if (member.grant.scope === "own") agents = [member.id];
  else if (member.grant.scope === "group") agents = [...member.reach.memberIds];
  if (filter.groupId) {
    const members = membersOf(db, member.enterpriseId, filter.groupId);
    agents = agents ? agents.filter((a) => members.includes(a)) : members;
  }
  if (filter.agentId) agents = (agents ?? [filter.agentId]).filter((a) => a === filter.agentId);
  return agents;
}

/**
 * The rows of a filter. `rollup`: report_daily, where a filter without agents reads only the day
 * and site roll-up rows (agent '*'), a twenty-first of the rows with twenty agents.
 */
function where(enterpriseId: string, filter: ReportFilter, agents: string[] | null, rollup = false): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [enterpriseId, filter.from, filter.to];
  let sql = "enterprise_id = ?1 and day between ?2 and ?3";
  if (rollup && !agents) {
    params.push(ALL_AGENTS);
    sql += ` and agent_id = ?${params.length}`;
  }
  if (filter.siteId) {
    params.push(filter.siteId);
    sql += ` and site_id = ?${params.length}`;
  }
  if (agents) {
    const marks = agents.map((a) => {
      params.push(a);
      return `?${params.length}`;
    });
    sql += marks.length ? ` and agent_id in (${marks.join(", ")})` : " and 0";
  }
  return { sql, params };
}

function timeFigures(row: Row, count: string, sum: string, buckets: readonly string[]): TimeFigures {
  const n = row[count] ?? 0;
  const counts = buckets.map((b) => row[b] ?? 0);
  return { count: n, averageMs: n ? Math.round((row[sum] ?? 0) / n) : null, medianBucket: percentileBucket(counts, 0.5), p90Bucket: percentileBucket(counts, 0.9) };
}

/** Every day from `from` to `to` (inclusive), at most 3,700 (ten years). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 3700; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function buildReport(db: Db, member: Pick<Member, "id" | "enterpriseId" | "grant" | "reach">, filter: ReportFilter, names: Map<string, string>): Report {
  const eid = member.enterpriseId;
  const agents = agentsInReach(db, member, filter);
  const w = where(eid, filter, agents, true);
  const q = (sql: string) => db.$client.query(sql);
  const total = q(`select ${sums([...COUNTERS, ...FR, ...RES])} from report_daily where ${w.sql}`).get(...w.params) as Row;
  const byDay = new Map((q(`select day, ${sums(["conversations", "answered", "missed", "abandoned", "leads"])} from report_daily where ${w.sql} group by day`).all(...w.params) as (Row & { day: string })[]).map((r) => [r.day, r]));
  const byDow = q(`select dow, ${sums(HOURS)} from report_daily where ${w.sql} group by dow`).all(...w.params) as Row[];
  // Per agent: the agents' own rows (not the roll-up, not nobody's).
  const aw = where(eid, filter, agents);
  const byAgent = q(`select agent_id as agentId, ${sums(["conversations", "answered", "missed", "fr_count", "fr_sum_ms", "ratings", "rating_sum", ...FR])} from report_daily where ${aw.sql} and agent_id not in ('', '${ALL_AGENTS}') group by agent_id`).all(...aw.params) as (Row & { agentId: string })[];

  // Online time: per agent and day, within the filter's agents (a site does not narrow it).
  const ow = where(eid, { from: filter.from, to: filter.to }, agents);
  const online = new Map((q(`select agent_id as agentId, sum(online_ms) as ms from report_agent_online where ${ow.sql} group by agent_id`).all(...ow.params) as { agentId: string; ms: number }[]).map((r) => [r.agentId, r.ms]));

  const hourOfWeek = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of byDow) for (let h = 0; h < 24; h++) hourOfWeek[r.dow!]![h] = r[`h${h}`] ?? 0;

  const agentIds = new Set([...byAgent.map((r) => r.agentId), ...online.keys()]);
  const agentRows: AgentRow[] = [...agentIds].map((id) => {
    const r = byAgent.find((x) => x.agentId === id) ?? ({} as Row);
    const ratings = r.ratings ?? 0;
    return {
      agentId: id,
      name: names.get(id) ?? id,
      conversations: r.conversations ?? 0,
      answered: r.answered ?? 0,
      missed: r.missed ?? 0,
      onlineMs: online.get(id) ?? 0,
      firstResponse: timeFigures(r, "fr_count", "fr_sum_ms", FR),
      ratings,
      ratingAverage: ratings ? (r.rating_sum ?? 0) / ratings : null,
    };
  });
  agentRows.sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name));

  const ratings = total.ratings ?? 0;
  // The facts table has the same enterprise, day, site and agent columns: the same condition
  // applies, through the partial index of commented facts (rated no earlier than the range's start).
  const fw = where(eid, filter, agents);
  const comments = q(
    `select conversation_id as conversationId, rating as score, rating_comment as comment, rated_at as at from report_conversations
      where ${fw.sql} and rating_comment is not null and rated_at >= ${Date.parse(`${filter.from}T00:00:00Z`)} order by rated_at desc limit 20`,
  ).all(...fw.params) as Report["comments"];

  return {
    filter,
    totals: {
      conversations: total.conversations ?? 0,
      answered: total.answered ?? 0,
      missed: total.missed ?? 0,
      abandoned: total.abandoned ?? 0,
      robot: total.robot ?? 0,
      robotResolved: total.robot_resolved ?? 0,
      robotHandoff: total.robot_handoff ?? 0,
      leads: total.leads ?? 0,
      ratings,
      ratingAverage: ratings ? (total.rating_sum ?? 0) / ratings : null,
      scores: [total.r1 ?? 0, total.r2 ?? 0, total.r3 ?? 0, total.r4 ?? 0, total.r5 ?? 0],
      firstResponse: timeFigures(total, "fr_count", "fr_sum_ms", FR),
      resolution: timeFigures(total, "res_count", "res_sum_ms", RES),
      firstResponseBuckets: FR.map((b) => total[b] ?? 0),
      resolutionBuckets: RES.map((b) => total[b] ?? 0),
    },
    days: daysBetween(filter.from, filter.to).map((day) => {
      const r = byDay.get(day);
      return { day, conversations: r?.conversations ?? 0, answered: r?.answered ?? 0, missed: r?.missed ?? 0, abandoned: r?.abandoned ?? 0, leads: r?.leads ?? 0 };
    }),
    hourOfWeek,
    agents: agentRows,
    comments,
  };
}
