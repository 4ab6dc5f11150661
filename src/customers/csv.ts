// Customers as CSV. Export: all that the filters select (no cap), read a page at a time as the file
// is written, headed in the reader's language, formulas neutralised (src/leads/csv.ts). Import: all or nothing — every row is checked first, and when any
// is rejected nothing is stored and the rejected rows are listed with their line and problem. Rows
// whose email or phone belongs to a customer update that customer; the others are new customers.
import type { SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { transaction } from "../db/transaction";
import { LOCALES, t, type Locale } from "../i18n";
import { csvStream, readCsv } from "../leads/csv";
import { CsvSyntaxError } from "../robot/csv";
import { checkInput, createCustomer, findMatch, listCustomers, MAX_TAGS, parseFieldValues, parseTags, STANDARD, tagsFromText, updateCustomer, type CustomerFilter, type CustomerInput } from "./customers";
import type { FieldDef } from "./fields";

export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
const EXPORT_PAGE = 500;
const COLUMNS = [...STANDARD, "tags"] as const;

const stamp = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** Every customer the filter selects, newest first, read a page at a time as the file is written. */
export function customersCsv(db: Db, enterpriseId: string, filter: CustomerFilter, defs: FieldDef[], locale: Locale): ReadableStream<Uint8Array> {
  const head = [t(locale, "customers.csv.id"), ...COLUMNS.map((k) => t(locale, `customers.field.${k}`)), ...defs.map((d) => d.label), t(locale, "customers.csv.created"), t(locale, "customers.csv.updated")];
  function* rows(): Generator<unknown[]> {
    yield head;
    let after: CustomerFilter["after"];
    for (;;) {
      const page = listCustomers(db, enterpriseId, { ...filter, after }, EXPORT_PAGE);
      for (const c of page) {
        const values = parseFieldValues(c.fields);
        yield [c.id, c.name, c.phone, c.email, c.wechat, c.company, parseTags(c.tags).join(", "), ...defs.map((d) => values[d.id] ?? ""), stamp(c.createdAt), stamp(c.updatedAt)];
      }
      if (page.length < EXPORT_PAGE) return;
      const last = page[page.length - 1]!;
      after = { updatedAt: last.updatedAt, id: last.id };
    }
  }
  return csvStream(rows());
}

/** Thrown inside the import's transaction to undo it when a row turns out to be rejected there. */
class RolledBack extends Error {}

export interface ImportRejection {
  line: number;
  /** problems, in the importer's language */
  problems: string[];
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; rejected: ImportRejection[]; error?: string };

/** What a header cell names: a standard column (by key or its label in either language), a custom field, or columns export adds that import skips. */
function headerMap(defs: FieldDef[]): Map<string, string> {
  const m = new Map<string, string>();
  const add = (name: string, key: string) => m.set(name.trim().toLowerCase(), key);
  for (const k of COLUMNS) {
    add(k, k);
    for (const l of LOCALES) add(t(l, `customers.field.${k}`), k);
  }
  for (const k of ["id", "created", "updated"]) for (const l of LOCALES) add(t(l, `customers.csv.${k}`), `skip`);
  for (const d of defs) add(d.label, `field:${d.id}`);
  return m;
}

/** `within`: the importer's data scope (customerScope); a row matches only a customer it reaches, else it is a new one. */
export function importCustomers(db: Db, enterpriseId: string, text: string, defs: FieldDef[], actorId: string | null, locale: Locale, within?: SQL): ImportResult {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, `customers.import.${key}`, params);
  let rows;
  try {
    rows = readCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { ok: false, rejected: [{ line: e.line, problems: [tr("unclosed_quote")] }] };
    throw e;
  }
  const [head, ...body] = rows;
  if (!head || body.length === 0) return { ok: false, rejected: [], error: tr("empty") };
  if (body.length > IMPORT_MAX_ROWS) return { ok: false, rejected: [], error: tr("too_many", { max: IMPORT_MAX_ROWS }) };
  const names = headerMap(defs);
  const columns = head.cells.map((c) => names.get(c.trim().toLowerCase()));
  const unknown = head.cells.filter((_, i) => columns[i] === undefined);
  if (unknown.length) return { ok: false, rejected: [{ line: head.line, problems: unknown.map((u) => tr("unknown_column", { column: u.slice(0, 60) })) }] };
  if (!columns.some((c) => c === "name" || c === "phone" || c === "email" || c === "wechat")) return { ok: false, rejected: [{ line: head.line, problems: [tr("no_contact_column")] }] };

  const inputs: { line: number; input: CustomerInput }[] = [];
  const rejected: ImportRejection[] = [];
  for (const row of body) {
    const raw: CustomerInput = { fields: {} };
    row.cells.forEach((cell, i) => {
      const col = columns[i];
      if (!col || col === "skip") return;
      if (col.startsWith("field:")) raw.fields![col.slice(6)] = cell;
      else if (col === "tags") raw.tags = tagsFromText(cell);
      else raw[col as (typeof STANDARD)[number]] = cell;
    });
    const { clean, problems } = checkInput(raw, defs);
    const messages = problems.map((p) => {
      const label = defs.find((d) => d.id === p.field)?.label ?? t(locale, `customers.field.${p.field}`);
      return t(locale, `common.error.customer_${p.problem}`, { field: label });
    });
    if (!clean.name && !clean.phone && !clean.email && !clean.wechat) messages.push(tr("no_contact"));
    if (messages.length) rejected.push({ line: row.line, problems: messages });
    else inputs.push({ line: row.line, input: clean });
  }
  if (rejected.length) return { ok: false, rejected };

  let created = 0;
  let updated = 0;
  // A matched customer's tags are joined with the row's; more than MAX_TAGS together rejects the
  // row like any other problem, and everything done so far is rolled back.
  const tooManyTags: ImportRejection[] = [];
  try {
    transaction(db, () => {
      for (const { line, input } of inputs) {
        const match = findMatch(db, enterpriseId, input, within);
        // Only what the row gives changes: empty cells leave a matched customer's values alone.
        const given: CustomerInput = Object.fromEntries(Object.entries(input).filter(([k, v]) => (k === "fields" ? Object.values(v as object).some(Boolean) : k === "tags" ? (v as string[]).length > 0 : v !== ""))) as CustomerInput;
        if (given.fields) given.fields = Object.fromEntries(Object.entries(given.fields).filter(([, v]) => v !== ""));
        if (match) {
          if (given.tags) given.tags = [...new Set([...parseTags(match.tags), ...given.tags])];
          if (given.tags && given.tags.length > MAX_TAGS) tooManyTags.push({ line, problems: [t(locale, "common.error.customer_tags")] });
          else updateCustomer(db, enterpriseId, match, given);
          updated++;
        } else {
          createCustomer(db, enterpriseId, given, actorId);
          created++;
        }
      }
      if (tooManyTags.length) throw new RolledBack();
    });
  } catch (e) {
    if (e instanceof RolledBack) return { ok: false, rejected: tooManyTags };
    throw e;
  }
  return { ok: true, created, updated };
}
