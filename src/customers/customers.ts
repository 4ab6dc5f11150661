// Customers (客户, F16): the records, their contact details checked and normalised, matching by
// email or phone, links to visitors and leads, notes, and search with the History search's
// Chinese-aware tokens (src/history/search-tokens.ts).
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { customerLinks, customerNotes, customers } from "../db/schema";
import { newId } from "../db/ids";
import { ownedBy, scoped } from "../db/scope";
import { UserError } from "../errors";
import { events } from "../events/hub";
import { searchRuns } from "../../common/search-tokens";
import { indexTokens } from "../history/search-tokens";
import { checkFieldValue, type FieldDef } from "./fields";

export type Customer = typeof customers.$inferSelect;
export type CustomerNote = typeof customerNotes.$inferSelect;
export type LinkKind = "visitor" | "lead";

export const STANDARD = ["name", "phone", "email", "wechat", "company"] as const;
export type StandardField = (typeof STANDARD)[number];
export const MAX_LENGTH: Record<StandardField, number> = { name: 100, phone: 32, email: 254, wechat: 64, company: 200 };
export const MAX_TAGS = 20;
export const MAX_TAG = 30;
export const MAX_NOTE = 2000;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[\d\s().-]+$/;

/** What an email is matched by: lower-cased, or "" when it is not an address. */
export const emailKey = (s: string) => (EMAIL.test(s.trim()) ? s.trim().toLowerCase() : "");
/** What a phone is matched by: its digits (5–20), or "". "+86 138-0013-8000" and "8613800138000" are one number. */
export function phoneKey(s: string): string {
  const digits = s.replace(/\D/g, "");
  return PHONE.test(s.trim()) && digits.length >= 5 && digits.length <= 20 ? digits : "";
}

export interface CustomerInput {
  name?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  company?: string;
  tags?: string[];
  /** custom field id → value */
  fields?: Record<string, string>;
}

export type CustomerProblem = { field: string; problem: "too_long" | "email" | "phone" | "number" | "date" | "choice" | "tags" };

/** Tags as typed: comma-, 、- or ，-separated, trimmed, unique. */
export function tagsFromText(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n]/).map((s) => s.trim()).filter(Boolean))];
}

export function parseTags(raw: string): string[] {
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function parseFieldValues(raw: string): Record<string, string> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === "string")) as Record<string, string> : {};
  } catch {
    return {};
  }
}

/**
 * Checks and normalises what is to be stored: trimmed values within their limits, email and phone
 * well-formed, tags bounded, custom values valid for their field (unknown fields are dropped).
 */
export function checkInput(input: CustomerInput, defs: FieldDef[]): { clean: CustomerInput; problems: CustomerProblem[] } {
  const problems: CustomerProblem[] = [];
  const clean: CustomerInput = {};
  for (const k of STANDARD) {
    const v = input[k];
    if (v === undefined) continue;
    const s = v.trim();
    if (s.length > MAX_LENGTH[k]) problems.push({ field: k, problem: "too_long" });
    else if (k === "email" && s && !emailKey(s)) problems.push({ field: k, problem: "email" });
    else if (k === "phone" && s && !phoneKey(s)) problems.push({ field: k, problem: "phone" });
    clean[k] = s;
  }
  if (input.tags) {
    const tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
    if (tags.length > MAX_TAGS || tags.some((t) => t.length > MAX_TAG)) problems.push({ field: "tags", problem: "tags" });
    clean.tags = tags;
  }
  if (input.fields) {
    clean.fields = {};
    for (const def of defs) {
      const raw = input.fields[def.id];
      if (raw === undefined) continue;
      const r = checkFieldValue(def, raw);
      if ("problem" in r) problems.push({ field: def.id, problem: r.problem });
      else clean.fields[def.id] = r.value;
    }
  }
  return { clean, problems };
}

/** Refuses input with problems (422, naming the first); returns the clean input otherwise. */
export function validInput(input: CustomerInput, defs: FieldDef[]): CustomerInput {
  const { clean, problems } = checkInput(input, defs);
  const p = problems[0];
  if (p) {
    const def = defs.find((d) => d.id === p.field);
    throw new UserError(`customer_${p.problem}`, 422, { field: def ? def.label : p.field });
  }
  return clean;
}

function searchTextOf(c: Pick<Customer, StandardField | "tags" | "fields">): string {
  const words = [c.name, c.phone, c.phone.replace(/\D/g, ""), c.email, c.wechat, c.company, ...parseTags(c.tags), ...Object.values(parseFieldValues(c.fields))];
  return ` ${indexTokens(words.join(" "))} `;
}

/** The derived columns of a row: keys for matching and the search tokens. */
function derived(c: Pick<Customer, StandardField | "tags" | "fields">) {
  return { emailKey: emailKey(c.email), phoneKey: phoneKey(c.phone), searchText: searchTextOf(c) };
}

export function getCustomer(db: Db, enterpriseId: string, id: string): Customer | undefined {
  return scoped(db, enterpriseId).select(customers, eq(customers.id, id)).get();
}

/** Creates a customer from clean input (see validInput). */
export function createCustomer(db: Db, enterpriseId: string, input: CustomerInput, createdBy: string | null, now = Date.now()): Customer {
  const row = {
    name: input.name ?? "",
    phone: input.phone ?? "",
    email: input.email ?? "",
    wechat: input.wechat ?? "",
    company: input.company ?? "",
    tags: JSON.stringify(input.tags ?? []),
    fields: JSON.stringify(input.fields ?? {}),
  };
  const id = newId("cus");
  scoped(db, enterpriseId)
    .insert(customers, { id, ...row, ...derived(row), createdBy, createdAt: now, updatedAt: now })
    .run();
  // A new record is a customer update too (webhooks' customer.updated): what it was given is what changed.
  const given = (Object.keys(row) as (keyof typeof row)[]).filter((k) => !["", "[]", "{}"].includes(row[k]));
  events(db).emit("customer.updated", enterpriseId, { customerId: id, changed: given, at: now });
  return getCustomer(db, enterpriseId, id)!;
}

/** Changes the given fields (clean input); custom fields given replace those values only. */
export function updateCustomer(db: Db, enterpriseId: string, c: Customer, input: CustomerInput, now = Date.now()): Customer {
  const next = {
    name: input.name ?? c.name,
    phone: input.phone ?? c.phone,
    email: input.email ?? c.email,
    wechat: input.wechat ?? c.wechat,
    company: input.company ?? c.company,
    tags: input.tags ? JSON.stringify(input.tags) : c.tags,
    fields: input.fields ? JSON.stringify(dropEmpty({ ...parseFieldValues(c.fields), ...input.fields })) : c.fields,
  };
  scoped(db, enterpriseId).update(customers, { ...next, ...derived(next), updatedAt: now }, eq(customers.id, c.id)).run();
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== c[k]);
  if (changed.length) events(db).emit("customer.updated", enterpriseId, { customerId: c.id, changed, at: now });
  return getCustomer(db, enterpriseId, c.id)!;
}

const dropEmpty = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ""));

/** Fills only the customer's empty standard fields: what a visitor types never overwrites what is known. */
export function fillEmpty(db: Db, enterpriseId: string, c: Customer, input: CustomerInput, now = Date.now()): Customer {
  const set: CustomerInput = {};
  for (const k of STANDARD) if (!c[k] && input[k]) set[k] = input[k];
  return Object.keys(set).length ? updateCustomer(db, enterpriseId, c, set, now) : c;
}

/** The customer an email or a phone number already belongs to (email first), if any. */
/**
 * The customer with this email (else phone), oldest first. `within`: only among those a person's data
 * scope reaches (src/customers/scope.ts customerScope), when a person's input is matched: what they
 * type must not reach, change or reveal a record outside their scope.
 */
export function findMatch(db: Db, enterpriseId: string, contact: { email?: string; phone?: string }, within?: SQL): Customer | undefined {
  const e = emailKey(contact.email ?? "");
  const p = phoneKey(contact.phone ?? "");
  const s = scoped(db, enterpriseId);
  return (
    (e ? s.select(customers, and(eq(customers.emailKey, e), within)).orderBy(asc(customers.createdAt)).limit(1).get() : undefined) ??
    (p ? s.select(customers, and(eq(customers.phoneKey, p), within)).orderBy(asc(customers.createdAt)).limit(1).get() : undefined)
  );
}

export function customerOfRef(db: Db, enterpriseId: string, kind: LinkKind, refId: string): Customer | undefined {
  const link = scoped(db, enterpriseId).select(customerLinks, and(eq(customerLinks.kind, kind), eq(customerLinks.refId, refId))).get();
  return link ? getCustomer(db, enterpriseId, link.customerId) : undefined;
}

export function linkOf(db: Db, enterpriseId: string, kind: LinkKind, refId: string) {
  return scoped(db, enterpriseId).select(customerLinks, and(eq(customerLinks.kind, kind), eq(customerLinks.refId, refId))).get();
}

/**
 * Ties a visitor or a lead to a customer. A link proven by a signed identify is not moved by a
 * match on what a visitor typed; a proven link replaces any other.
 */
export function link(db: Db, enterpriseId: string, customerId: string, kind: LinkKind, refId: string, verified = false, now = Date.now()): void {
  const s = scoped(db, enterpriseId);
  const existing = linkOf(db, enterpriseId, kind, refId);
  if (existing) {
    if (existing.customerId === customerId) {
      if (verified && !existing.verified) s.update(customerLinks, { verified: true }, eq(customerLinks.id, existing.id)).run();
      return;
    }
    if (existing.verified && !verified) return;
    s.update(customerLinks, { customerId, verified }, eq(customerLinks.id, existing.id)).run();
    return;
  }
  s.insert(customerLinks, { customerId, kind, refId, verified, createdAt: now }).run();
}

export function linksOf(db: Db, enterpriseId: string, customerId: string) {
  return scoped(db, enterpriseId).select(customerLinks, eq(customerLinks.customerId, customerId)).orderBy(asc(customerLinks.createdAt)).all();
}

/**
 * A visitor or a lead gave contact details: the customer they are already tied to gets the empty
 * fields filled; otherwise the customer with the same email or phone is theirs; otherwise, when
 * there is a way to reach them (email, phone or WeChat), a new customer is made. Returns the customer, if any.
 */
export function customerFromContact(db: Db, enterpriseId: string, ref: { kind: LinkKind; id: string }, contact: CustomerInput, now = Date.now()): Customer | undefined {
  const { clean } = checkInput({ name: contact.name, phone: contact.phone, email: contact.email, wechat: contact.wechat }, []);
  // Values that fail the checks are not stored on the customer (the lead keeps them).
  if (clean.email && !emailKey(clean.email)) delete clean.email;
  if (clean.phone && !phoneKey(clean.phone)) delete clean.phone;
  for (const k of STANDARD) if (clean[k] && clean[k]!.length > MAX_LENGTH[k]) delete clean[k];
  const linked = customerOfRef(db, enterpriseId, ref.kind, ref.id);
  if (linked) return fillEmpty(db, enterpriseId, linked, clean, now);
  const match = findMatch(db, enterpriseId, clean);
  if (match) {
    link(db, enterpriseId, match.id, ref.kind, ref.id, false, now);
    return fillEmpty(db, enterpriseId, match, clean, now);
  }
  if (!clean.email && !clean.phone && !clean.wechat) return undefined;
  const c = createCustomer(db, enterpriseId, clean, null, now);
  link(db, enterpriseId, c.id, ref.kind, ref.id, false, now);
  return c;
}

export function addNote(db: Db, enterpriseId: string, customerId: string, author: { id: string | null; name: string }, body: string, now = Date.now()): void {
  const text = body.trim();
  if (!text) throw new UserError("customer_note_empty", 422);
  if (text.length > MAX_NOTE) throw new UserError("customer_note_long", 422, { max: MAX_NOTE });
  scoped(db, enterpriseId).insert(customerNotes, { customerId, authorId: author.id, authorName: author.name, body: text, createdAt: now }).run();
  scoped(db, enterpriseId).update(customers, { updatedAt: now }, eq(customers.id, customerId)).run();
}

/** The newest notes (a page of `limit`). */
export function notesOf(db: Db, enterpriseId: string, customerId: string, limit = 200): CustomerNote[] {
  return scoped(db, enterpriseId).select(customerNotes, eq(customerNotes.customerId, customerId)).orderBy(desc(customerNotes.createdAt), desc(customerNotes.id)).limit(limit).all();
}

export interface CustomerFilter {
  /** words to find (Chinese-aware: 价格 finds 价格表) */
  q?: string;
  tag?: string;
  /** a custom field and the value it must have */
  field?: { id: string; value: string };
  /** the viewer's data scope (src/customers/scope.ts) */
  scope?: SQL;
  /** only customers listed after this one (newest first): an export's next page */
  after?: { updatedAt: number; id: string };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(f: CustomerFilter): SQL[] {
  const out: SQL[] = f.scope ? [f.scope] : [];
  // Every token of the query must begin a token of the customer's (prefix: 1380 finds 13800138000).
  const tokens = searchRuns((f.q ?? "").slice(0, 100)).flat().slice(0, 16);
  for (const t of tokens) out.push(sql`${customers.searchText} like ${`% ${likeEscape(t)}%`} escape '\\'`);
  if (f.tag) out.push(sql`exists (select 1 from json_each(${customers.tags}) where json_each.value = ${f.tag})`);
  if (f.field && f.field.value) out.push(sql`json_extract(${customers.fields}, ${`$."${f.field.id.replace(/[^\w-]/g, "")}"`}) = ${f.field.value}`);
  if (f.after) out.push(sql`(${customers.updatedAt} < ${f.after.updatedAt} or (${customers.updatedAt} = ${f.after.updatedAt} and ${customers.id} < ${f.after.id}))`);
  return out;
}

export function listCustomers(db: Db, enterpriseId: string, filter: CustomerFilter, limit = 50, offset = 0): Customer[] {
  return scoped(db, enterpriseId)
    .select(customers, and(...conditions(filter)))
    .orderBy(desc(customers.updatedAt), desc(customers.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countCustomers(db: Db, enterpriseId: string, filter: CustomerFilter): number {
  return db.select({ n: sql<number>`count(*)` }).from(customers).where(ownedBy(customers, enterpriseId, and(...conditions(filter)))).get()?.n ?? 0;
}

/** Every tag in use, for the filter's list. */
export function tagsInUse(db: Db, enterpriseId: string): string[] {
  const rows = db.$client.query("select distinct j.value as tag from customers c, json_each(c.tags) j where c.enterprise_id = ? order by j.value limit 200").all(enterpriseId) as { tag: string }[];
  return rows.map((r) => r.tag);
}

export function customersByIds(db: Db, enterpriseId: string, ids: string[]): Customer[] {
  return ids.length ? scoped(db, enterpriseId).select(customers, inArray(customers.id, ids)).all() : [];
}
