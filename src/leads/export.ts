// Records as a CSV file (导出), every one the filter selects (no cap), written a page at a time: one
// row per lead, the standard fields, one column per custom field that any exported lead has, who
// holds it and its notes. Times in the server's local time.
import { displayId } from "../chat/visitors";
import type { Db } from "../db/client";
import type { Locale, Translate } from "../i18n";
import { csvStream } from "./csv";
import { holderNames, leadFields, listLeads, notesOf, siteNames, type Lead, type LeadFilter } from "./leads";
import { getSettings, isStandardKey, readerLabel, STANDARD_FIELDS } from "./settings";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-21 14:05:09": what spreadsheets recognise as a date and time. */
export function csvTime(at: number | null): string {
  if (!at) return "";
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const PAGE = 500;

/** Every lead the filter selects, newest first, a page at a time (keyset: created_at, id). */
function* pages(db: Db, enterpriseId: string, filter: LeadFilter): Generator<Lead[]> {
  let after: LeadFilter["after"];
  for (;;) {
    const page = listLeads(db, enterpriseId, { ...filter, after }, PAGE);
    if (page.length) yield page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/**
 * `t` and `locale`: the reader's; every header is in their language, whatever the visitors wrote in.
 * Read twice a page at a time (the custom columns first, then the rows as the file is written), so
 * a long export never sits in memory.
 */
export function leadsCsv(db: Db, enterpriseId: string, filter: LeadFilter, t: Translate, locale: Locale): ReadableStream<Uint8Array> {
  const sitesById = siteNames(db, enterpriseId);
  // Custom fields become columns in order of first appearance (oldest lead first), headed by their
  // label in the reader's language as the newest lead that has it stored it (a field no longer on
  // the form: its latest stored label).
  const label = readerLabel(getSettings(db, enterpriseId), locale);
  const seen = new Map<string, { label: string; lead: number; pos: number }>();
  let n = 0;
  for (const page of pages(db, enterpriseId, filter)) {
    for (const l of page) {
      leadFields(l).forEach((f, pos) => {
        if (isStandardKey(f.key)) return;
        const s = seen.get(f.key);
        if (s) Object.assign(s, { lead: n, pos });
        else seen.set(f.key, { label: label(f), lead: n, pos });
      });
      n++;
    }
  }
  const customKeys = [...seen.keys()].sort((a, b) => seen.get(b)!.lead - seen.get(a)!.lead || seen.get(a)!.pos - seen.get(b)!.pos);

  const header = [
    t("leads.csv.id"),
    t("leads.csv.received"),
    t("leads.csv.site"),
    t("leads.csv.status"),
    ...STANDARD_FIELDS.map((k) => t(`leads.field.${k}`)),
    ...customKeys.map((k) => seen.get(k)!.label),
    t("leads.csv.visitor"),
    t("leads.csv.page"),
    t("leads.csv.claimedBy"),
    t("leads.csv.claimedAt"),
    t("leads.csv.doneAt"),
    t("leads.csv.notes"),
  ];
  function* rows(): Generator<unknown[]> {
    yield header;
    for (const list of pages(db, enterpriseId, filter)) {
      const holders = holderNames(db, enterpriseId, list);
      const notes = new Map<string, string[]>();
      for (const n of notesOf(db, enterpriseId, list.map((l) => l.id))) {
        notes.set(n.leadId, [...(notes.get(n.leadId) ?? []), `${csvTime(n.createdAt)} ${n.authorName}: ${n.body}`]);
      }
      for (const l of list) {
        const values = new Map(leadFields(l).map((f) => [f.key, f.value]));
        yield [
          l.id,
          csvTime(l.createdAt),
          sitesById.get(l.siteId) ?? "",
          t(`leads.status.${l.status}`),
          l.name,
          l.phone,
          l.email,
          l.wechat,
          l.message,
          ...customKeys.map((k) => values.get(k) ?? ""),
          l.visitorId ? displayId(l.visitorId) : "",
          l.pageUrl,
          l.claimedBy ? (holders.get(l.claimedBy) ?? "") : "",
          csvTime(l.claimedAt),
          csvTime(l.doneAt),
          (notes.get(l.id) ?? []).join("\n"),
        ];
      }
    }
  }
  return csvStream(rows());
}
