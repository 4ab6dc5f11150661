// The devices on which agents turned alerts on: one row per push endpoint, scoped to the enterprise.
import { and, asc, eq, inArray } from "drizzle-orm";
import { isIP } from "node:net";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import type { Locale } from "../i18n";
import { isPrivateAddress } from "../webhooks/address";
import { pushSubscriptions } from "./schema";

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** A person's devices are few; a script subscribing in a loop replaces their oldest. */
export const MAX_DEVICES_PER_USER = 10;
const MAX_ENDPOINT = 1024;

export interface SubscriptionInput {
  endpoint?: unknown;
  keys?: { p256dh?: unknown; auth?: unknown } | unknown;
}

/**
 * A push service's endpoint: https (RFC 8030) on a public host. The server POSTs to it whenever an
 * alert is due, and any signed-in person may subscribe, so a private, loopback or link-local host
 * (named by its address, or localhost) is refused, as webhooks refuse them; the sender checks what
 * a name resolves to before each push (sender.ts). `allowPrivate` (--push-allow-private) takes
 * those too, and plain http to them: a local push service in development and tests.
 */
export function checkEndpoint(endpoint: unknown, allowPrivate: boolean): string {
  if (typeof endpoint !== "string" || endpoint.length > MAX_ENDPOINT) throw new UserError("bad_request", 400);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UserError("bad_request", 400);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host));
  if (url.username || url.password || (local && !allowPrivate)) throw new UserError("bad_request", 400);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) throw new UserError("bad_request", 400);
  return url.href;
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Saves (or refreshes) this device's subscription for the user; one endpoint is one device. */
export function subscribe(db: Db, who: { enterpriseId: string; id: string }, input: SubscriptionInput, label: string, lang: Locale, allowPrivate: boolean, now = Date.now()): PushSubscriptionRow {
  const endpoint = checkEndpoint(input.endpoint, allowPrivate);
  const keys = (typeof input.keys === "object" && input.keys) || {};
  const { p256dh, auth } = keys as { p256dh?: unknown; auth?: unknown };
  if (typeof p256dh !== "string" || typeof auth !== "string" || !B64URL.test(p256dh) || !B64URL.test(auth) || p256dh.length > 200 || auth.length > 100)
    throw new UserError("bad_request", 400);
  const key = Buffer.from(p256dh, "base64url");
  if (key.length !== 65 || key[0] !== 4 || Buffer.from(auth, "base64url").length < 16) throw new UserError("bad_request", 400);
  const s = scoped(db, who.enterpriseId);
  // The workspace saves its subscription on every load: the same person's device stays one row (its id and date).
  const same = s.select(pushSubscriptions, and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, who.id))).get();
  if (same) {
    s.update(pushSubscriptions, { p256dh, auth, label: label.slice(0, 120), lang }, eq(pushSubscriptions.id, same.id)).run();
    return { ...same, p256dh, auth, label: label.slice(0, 120), lang };
  }
  // An endpoint belongs to one browser profile: whoever subscribes with it last owns it.
  db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).run();
  const row = { id: newId("push"), userId: who.id, endpoint, p256dh, auth, label: label.slice(0, 120), lang, createdAt: now, lastSentAt: null };
  s.insert(pushSubscriptions, row).run();
  const mine = devicesOf(db, who);
  if (mine.length > MAX_DEVICES_PER_USER) removeIds(db, who.enterpriseId, mine.slice(0, mine.length - MAX_DEVICES_PER_USER).map((d) => d.id));
  return { ...row, enterpriseId: who.enterpriseId };
}

/** A user's devices, oldest first. */
export function devicesOf(db: Db, who: { enterpriseId: string; id: string }): PushSubscriptionRow[] {
  return scoped(db, who.enterpriseId).select(pushSubscriptions, eq(pushSubscriptions.userId, who.id)).orderBy(asc(pushSubscriptions.createdAt)).all();
}

/** The devices of several users of one enterprise. */
export function devicesOfUsers(db: Db, enterpriseId: string, userIds: string[]): PushSubscriptionRow[] {
  if (userIds.length === 0) return [];
  return scoped(db, enterpriseId).select(pushSubscriptions, inArray(pushSubscriptions.userId, userIds)).all();
}

/** The users of an enterprise with at least one device. */
export function usersWithDevices(db: Db, enterpriseId: string): string[] {
  return [...new Set(scoped(db, enterpriseId).select(pushSubscriptions).all().map((r) => r.userId))];
}

/** The user removes one of their devices (another's is not found). */
export function removeDevice(db: Db, who: { enterpriseId: string; id: string }, id: string): void {
  const mine = and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, who.id));
  if (!scoped(db, who.enterpriseId).select(pushSubscriptions, mine).get()) throw new UserError("not_found", 404);
  scoped(db, who.enterpriseId).delete(pushSubscriptions, mine).run();
}

/** The browser turned alerts off (or the account page's device list): by endpoint, the user's own only. */
export function unsubscribe(db: Db, who: { enterpriseId: string; id: string }, endpoint: string): void {
  scoped(db, who.enterpriseId).delete(pushSubscriptions, and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, who.id))).run();
}

export function removeIds(db: Db, enterpriseId: string, ids: string[]): void {
  if (ids.length) scoped(db, enterpriseId).delete(pushSubscriptions, inArray(pushSubscriptions.id, ids)).run();
}

export function noteSent(db: Db, enterpriseId: string, id: string, at: number): void {
  scoped(db, enterpriseId).update(pushSubscriptions, { lastSentAt: at }, eq(pushSubscriptions.id, id)).run();
}
