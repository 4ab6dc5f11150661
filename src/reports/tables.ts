// Every table of the report as data, in the reader's language: the page renders these and the CSV
// export writes the very same cells, so the two cannot disagree.
import type { Translate } from "../i18n";
import { edgeOf } from "./buckets";
import type { Report, TimeFigures } from "./figures";

export const TABLES = ["summary", "days", "hours", "times", "ratings", "agents", "comments"] as const;
export type TableName = (typeof TABLES)[number];
export const isTableName = (v: unknown): v is TableName => typeof v === "string" && (TABLES as readonly string[]).includes(v);

export interface Table {
  name: TableName;
  title: string;
  columns: string[];
  rows: string[][];
}

/** A duration as the reader reads it: "45 s", "3 min 20 s", "2 h 5 min", "1 d 3 h". */
export function duration(t: Translate, ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return t("reports.unit.s", { n: s });
  if (s < 3600) return s % 60 ? t("reports.unit.min_s", { m: Math.floor(s / 60), s: s % 60 }) : t("reports.unit.min", { n: s / 60 });
  if (s < 86400) return Math.floor((s % 3600) / 60) ? t("reports.unit.h_min", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) }) : t("reports.unit.h", { n: s / 3600 });
  return Math.floor((s % 86400) / 3600) ? t("reports.unit.d_h", { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) }) : t("reports.unit.d", { n: s / 86400 });
}

/** A percentile's bucket as "≤ 30 s" (or "> 2 d 0 h" for the last bucket); "—" when there is no data. */
export function bucketText(t: Translate, bucket: number | null): string {
  if (bucket === null) return NONE;
  const edge = edgeOf(bucket);
  if (edge === null) return t("reports.above", { time: duration(t, (edgeOf(bucket - 1) ?? 0) * 1000) });
  return t("reports.at_most", { time: duration(t, edge * 1000) });
}

export const NONE = "—";
const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : NONE);
const average = (v: number | null) => (v === null ? NONE : v.toFixed(2));
const avgTime = (t: Translate, f: TimeFigures) => (f.averageMs === null ? NONE : duration(t, f.averageMs));

export function reportTables(r: Report, t: Translate): Table[] {
  const T = r.totals;
  const weekdays = [0, 1, 2, 3, 4, 5, 6].map((d) => t(`reports.dow.${d}`));
  const table = (name: TableName, columns: string[], rows: (string | number)[][]): Table => ({ name, title: t(`reports.table.${name}`), columns, rows: rows.map((row) => row.map(String)) });
  const edges = T.firstResponseBuckets.map((_, b) => bucketText(t, b));
  return [
    table("summary", [t("reports.col.figure"), t("reports.col.value")], [
      [t("reports.fig.conversations"), T.conversations],
      [t("reports.fig.answered"), T.answered],
      [t("reports.fig.missed"), T.missed],
      [t("reports.fig.abandoned"), T.abandoned],
      [t("reports.fig.leads"), T.leads],
      [t("reports.fig.fr_average"), avgTime(t, T.firstResponse)],
      [t("reports.fig.fr_median"), bucketText(t, T.firstResponse.medianBucket)],
      [t("reports.fig.fr_p90"), bucketText(t, T.firstResponse.p90Bucket)],
      [t("reports.fig.res_average"), avgTime(t, T.resolution)],
      [t("reports.fig.res_median"), bucketText(t, T.resolution.medianBucket)],
      [t("reports.fig.res_p90"), bucketText(t, T.resolution.p90Bucket)],
      [t("reports.fig.ratings"), T.ratings],
      [t("reports.fig.rating_average"), average(T.ratingAverage)],
      [t("reports.fig.robot"), T.robot],
      [t("reports.fig.robot_resolution"), percent(T.robotResolved, T.robot)],
      [t("reports.fig.robot_handoff"), percent(T.robotHandoff, T.robot)],
    ]),
    table(
      "days",
      [t("reports.col.day"), t("reports.fig.conversations"), t("reports.fig.answered"), t("reports.fig.missed"), t("reports.fig.abandoned"), t("reports.fig.leads")],
      r.days.map((d) => [d.day, d.conversations, d.answered, d.missed, d.abandoned, d.leads]),
    ),
    table(
      "hours",
      [t("reports.col.weekday"), ...Array.from({ length: 24 }, (_, h) => String(h))],
      r.hourOfWeek.map((hours, dow) => [weekdays[dow]!, ...hours]),
    ),
    table(
      "times",
      [t("reports.col.time"), t("reports.col.first_responses"), t("reports.col.resolutions")],
      edges.map((edge, b) => [edge, T.firstResponseBuckets[b] ?? 0, T.resolutionBuckets[b] ?? 0]),
    ),
    table("ratings", [t("reports.col.score"), t("reports.fig.ratings")], [5, 4, 3, 2, 1].map((s) => [t("reports.stars", { n: s }), T.scores[s - 1]!])),
    table(
      "agents",
      [t("reports.col.agent"), t("reports.fig.conversations"), t("reports.fig.answered"), t("reports.fig.missed"), t("reports.col.online"), t("reports.fig.fr_average"), t("reports.fig.fr_median"), t("reports.fig.ratings"), t("reports.fig.rating_average")],
      r.agents.map((a) => [a.name, a.conversations, a.answered, a.missed, duration(t, a.onlineMs), avgTime(t, a.firstResponse), bucketText(t, a.firstResponse.medianBucket), a.ratings, average(a.ratingAverage)]),
    ),
    table(
      "comments",
      [t("reports.col.rated_at"), t("reports.col.score"), t("reports.col.comment")],
      r.comments.map((c) => [new Date(c.at).toISOString().slice(0, 16).replace("T", " "), c.score, c.comment]),
    ),
  ];
}
