// Quick replies (快捷回复): an agent's own and the team's, in groups, each with a title, an optional
// shortcut and the text. The workspace loads the ones an agent may use once per session and filters
// them in the browser (src/workspace/app/quick-replies/filter.ts), so typing never waits for the server.
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { quickReplies } from "../db/schema";
import { newId } from "../db/ids";
import { scoped } from "../db/scope";
import { transaction } from "../db/transaction";
import { UserError } from "../errors";

export type QuickReply = typeof quickReplies.$inferSelect;
export const MAX_TITLE = 100;
export const MAX_BODY = 2000;
export const MAX_GROUP = 60;
export const MAX_SHORTCUT = 32;
/** per owner, and for the team */
export const MAX_REPLIES = 2000;
const SHORTCUT = /^[\p{L}\p{N}_-]*$/u;

/** Whose replies: one agent's own (ownerId) or the team's (null). */
export type Owner = string | null;

export interface ReplyInput {
  groupName: string;
  title: string;
  shortcut: string;
  body: string;
}

export function checkReply(raw: Record<string, unknown>): ReplyInput {
  const s = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string).trim() : "");
  const input = { groupName: s("groupName").slice(0, MAX_GROUP), title: s("title"), shortcut: s("shortcut").replace(/^\//, ""), body: s("body") };
  if (!input.title || input.title.length > MAX_TITLE) throw new UserError("quick_reply_title", 422, { max: MAX_TITLE });
  if (!input.body || input.body.length > MAX_BODY) throw new UserError("quick_reply_body", 422, { max: MAX_BODY });
  if (input.shortcut.length > MAX_SHORTCUT || !SHORTCUT.test(input.shortcut)) throw new UserError("quick_reply_shortcut", 422, { max: MAX_SHORTCUT });
  return input;
}

const ownerIs = (owner: Owner) => (owner === null ? isNull(quickReplies.ownerId) : eq(quickReplies.ownerId, owner));

export function listReplies(db: Db, enterpriseId: string, owner: Owner): QuickReply[] {
  return scoped(db, enterpriseId).select(quickReplies, ownerIs(owner)).orderBy(asc(quickReplies.groupName), asc(quickReplies.title)).all();
}

/** What an agent may insert: the team's and their own. */
export function usableReplies(db: Db, enterpriseId: string, userId: string): QuickReply[] {
  return scoped(db, enterpriseId)
    .select(quickReplies, or(isNull(quickReplies.ownerId), eq(quickReplies.ownerId, userId)))
    .orderBy(asc(quickReplies.groupName), asc(quickReplies.title))
    .all();
}

function countOf(db: Db, enterpriseId: string, owner: Owner): number {
  return db.select({ n: sql<number>`count(*)` }).from(quickReplies).where(and(eq(quickReplies.enterpriseId, enterpriseId), ownerIs(owner))).get()?.n ?? 0;
}

export function addReply(db: Db, enterpriseId: string, owner: Owner, input: ReplyInput, now = Date.now()): QuickReply {
  if (countOf(db, enterpriseId, owner) >= MAX_REPLIES) throw new UserError("quick_reply_limit", 422, { max: MAX_REPLIES });
  const id = newId("qr");
  scoped(db, enterpriseId).insert(quickReplies, { id, ownerId: owner, ...input, createdAt: now, updatedAt: now }).run();
  return scoped(db, enterpriseId).select(quickReplies, eq(quickReplies.id, id)).get()!;
}

/** The reply if it is this owner's (another's, or another enterprise's: not found). */
export function ownedReply(db: Db, enterpriseId: string, owner: Owner, id: string): QuickReply {
  const r = scoped(db, enterpriseId).select(quickReplies, and(eq(quickReplies.id, id), ownerIs(owner))).get();
  if (!r) throw new UserError("not_found", 404);
  return r;
}

export function updateReply(db: Db, enterpriseId: string, owner: Owner, id: string, input: ReplyInput, now = Date.now()): void {
  ownedReply(db, enterpriseId, owner, id);
  scoped(db, enterpriseId).update(quickReplies, { ...input, updatedAt: now }, eq(quickReplies.id, id)).run();
}

export function deleteReply(db: Db, enterpriseId: string, owner: Owner, id: string): void {
  ownedReply(db, enterpriseId, owner, id);
  scoped(db, enterpriseId).delete(quickReplies, eq(quickReplies.id, id)).run();
}

/** Adds many at once, all or nothing (each checked first); replies with the same group and title are replaced. */
export function importReplies(db: Db, enterpriseId: string, owner: Owner, raws: Record<string, unknown>[], now = Date.now()): { added: number; replaced: number } {
  const inputs = raws.map((r, i) => {
    try {
      return checkReply(r);
    } catch (e) {
      if (e instanceof UserError) throw new UserError("quick_reply_import", 422, { reason: `#${i + 1}: ${e.code}` });
      throw e;
    }
  });
  return transaction(db, () => {
    let added = 0;
    let replaced = 0;
    const s = scoped(db, enterpriseId);
    for (const input of inputs) {
      const same = s.select(quickReplies, and(ownerIs(owner), eq(quickReplies.groupName, input.groupName), eq(quickReplies.title, input.title))).get();
      if (same) {
        s.update(quickReplies, { ...input, updatedAt: now }, eq(quickReplies.id, same.id)).run();
        replaced++;
      } else {
        addReply(db, enterpriseId, owner, input, now);
        added++;
      }
    }
    return { added, replaced };
  });
}
