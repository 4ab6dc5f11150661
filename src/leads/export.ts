// Records as a CSV file (导出): one row per lead, the standard fields, one column per custom field
// that any exported lead has, who holds it and its notes. Times in the server's local time.
import { displayId } from "../chat/visitors";
import type { Db } from "../db/client";
import type { Locale, Translate } from "../i18n";
import { toCsv } from "./csv";
import { holderNames, leadFields, notesOf, siteNames, type Lead } from "./leads";
import { getSettings, isStandardKey, readerLabel, STANDARD_FIELDS } from "./settings";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-21 14:05:09": what spreadsheets recognise as a date and time. */
export function csvTime(at: number | null): string {
  if (!at) return "";
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `t` and `locale`: the reader's; every header is in their language, whatever the visitors wrote in. */
export function leadsCsv(db: Db, enterpriseId: string, list: Lead[], t: Translate, locale: Locale): string {
  const sitesById = siteNames(db, enterpriseId);
  const holders = holderNames(db, enterpriseId, list);
  const notes = new Map<string, string[]>();
  for (const n of notesOf(db, enterpriseId, list.map((l) => l.id))) {
    notes.set(n.leadId, [...(notes.get(n.leadId) ?? []), `${csvTime(n.createdAt)} ${n.authorName}: ${n.body}`]);
  }
  // Custom fields become columns in order of first appearance, headed by their label in the reader's
  // language (a field no longer on the form: its latest stored label).
  const label = readerLabel(getSettings(db, enterpriseId), locale);
  const custom = new Map<string, string>();
  const fieldsOf = new Map(list.map((l) => [l.id, leadFields(l)]));
  for (const l of [...list].reverse()) for (const f of fieldsOf.get(l.id)!) if (!isStandardKey(f.key)) custom.set(f.key, label(f));
  const customKeys = [...custom.keys()];

  const header = [
    t("leads.csv.id"),
    t("leads.csv.received"),
    t("leads.csv.site"),
    t("leads.csv.status"),
    ...STANDARD_FIELDS.map((k) => t(`leads.field.${k}`)),
    ...customKeys.map((k) => custom.get(k)!),
    t("leads.csv.visitor"),
    t("leads.csv.page"),
    t("leads.csv.claimedBy"),
    t("leads.csv.claimedAt"),
    t("leads.csv.doneAt"),
    t("leads.csv.notes"),
  ];
  const rows = list.map((l) => {
    const values = new Map(fieldsOf.get(l.id)!.map((f) => [f.key, f.value]));
    return [
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
  });
  return toCsv([header, ...rows]);
}
