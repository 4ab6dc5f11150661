// Platform settings: install-wide switches the operator sets on one page (/operator/settings),
// kept in the instance table under "platform.*" keys. The wallet's (F14: minimum recharge, bank
// account, payment gateways) are src/billing/settings.ts, on /operator/billing/settings, linked from this page.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { instance } from "../db/schema";
import { platformSmtp } from "../email/settings";

export interface PlatformSettings {
  /** may firms sign themselves up at /signup */
  signupOpen: boolean;
  /**
   * Must a new admin confirm their email by a link before going on (email-confirmation.ts)? Needs
   * the platform's mail server (/operator/settings/email): without one this is off and sign-up works at once.
   */
  emailConfirmation: boolean;
}

/** Is the platform's own mail server set up (the one a new enterprise's mail goes through)? */
export const smtpConfigured = (db: Db): boolean => platformSmtp(db) !== null;

const KEYS: Record<keyof PlatformSettings, string> = { signupOpen: "platform.signup_open", emailConfirmation: "platform.email_confirmation" };
const DEFAULTS: PlatformSettings = { signupOpen: true, emailConfirmation: false };

function read(db: Db, key: string): string | undefined {
  return db.select().from(instance).where(eq(instance.key, key)).get()?.value;
}

export function platformSettings(db: Db): PlatformSettings {
  const signupOpen = read(db, KEYS.signupOpen);
  const emailConfirmation = read(db, KEYS.emailConfirmation);
  return {
    signupOpen: signupOpen === undefined ? DEFAULTS.signupOpen : signupOpen === "1",
    // Without mail it cannot be on, whatever was stored.
    emailConfirmation: smtpConfigured(db) && emailConfirmation === "1",
  };
}

/** Stores the settings; returns what changed (for the operator's audit log). */
export function savePlatformSettings(db: Db, next: PlatformSettings): Partial<Record<keyof PlatformSettings, { from: boolean; to: boolean }>> {
  const before = platformSettings(db);
  const wanted: PlatformSettings = { ...next, emailConfirmation: smtpConfigured(db) && next.emailConfirmation };
  const changed: Partial<Record<keyof PlatformSettings, { from: boolean; to: boolean }>> = {};
  for (const k of Object.keys(KEYS) as (keyof PlatformSettings)[]) {
    if (before[k] === wanted[k]) continue;
    changed[k] = { from: before[k], to: wanted[k] };
    db.insert(instance)
      .values({ key: KEYS[k], value: wanted[k] ? "1" : "0" })
      .onConflictDoUpdate({ target: instance.key, set: { value: wanted[k] ? "1" : "0" } })
      .run();
  }
  return changed;
}
