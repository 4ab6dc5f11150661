// Merging two records of one person by hand: everything of the second joins the first — its
// visitors and leads (so the timeline joins), its notes, its tags and custom values — and the
// first's empty fields take the second's. Where both had a different value, the first's stays and
// a note records the second's, so nothing is lost. One transaction.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { customerLinks, customerNotes, customers } from "../db/schema";
import { scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";
import { getCustomer, parseFieldValues, parseTags, STANDARD, updateCustomer, type Customer } from "./customers";

export interface MergeNoteText {
  /** "Merged from {name}: {values}" in the language of whoever merged */
  merged: (from: string, values: string) => string;
  label: (field: string) => string;
}

export function mergeCustomers(db: Db, enterpriseId: string, keepId: string, goneId: string, actor: { id: string; name: string }, text: MergeNoteText, now = Date.now()): Customer {
  if (keepId === goneId) throw new UserError("customer_merge_self", 422);
  return transaction(db, () => {
    const keep = getCustomer(db, enterpriseId, keepId);
    const gone = getCustomer(db, enterpriseId, goneId);
    if (!keep || !gone) throw new UserError("not_found", 404);
    const s = scoped(db, enterpriseId);
    s.update(customerLinks, { customerId: keep.id }, eq(customerLinks.customerId, gone.id)).run();
    s.update(customerNotes, { customerId: keep.id }, eq(customerNotes.customerId, gone.id)).run();

    const fill: Partial<Record<(typeof STANDARD)[number], string>> = {};
    const differing: string[] = [];
    for (const k of STANDARD) {
      if (!gone[k]) continue;
      if (!keep[k]) fill[k] = gone[k];
      else if (keep[k] !== gone[k]) differing.push(`${text.label(k)} ${gone[k]}`);
    }
    const keptFields = parseFieldValues(keep.fields);
    const goneFields = parseFieldValues(gone.fields);
    for (const [id, v] of Object.entries(goneFields)) {
      if (!(id in keptFields)) keptFields[id] = v;
      else if (keptFields[id] !== v) differing.push(`${text.label(id)} ${v}`);
    }
    const tags = [...new Set([...parseTags(keep.tags), ...parseTags(gone.tags)])];
    // The identified id is unique: the second gives it up before the first may take it.
    const externalId = keep.externalId ?? gone.externalId;
    s.delete(customers, eq(customers.id, gone.id)).run();
    if (externalId !== keep.externalId) s.update(customers, { externalId }, eq(customers.id, keep.id)).run();
    const merged = updateCustomer(db, enterpriseId, getCustomer(db, enterpriseId, keep.id)!, { ...fill, tags, fields: keptFields }, now);
    const from = gone.name || gone.email || gone.phone || gone.id;
    s.insert(customerNotes, { customerId: keep.id, authorId: actor.id, authorName: actor.name, body: text.merged(from, differing.join("; ")).slice(0, 4000), createdAt: now }).run();
    return merged;
  });
}
