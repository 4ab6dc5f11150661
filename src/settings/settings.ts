// Basic settings (基础设置): read with defaults, validated on write.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { enterpriseSettings } from "../db/schema";
import { UserError } from "../errors";

export type Settings = typeof enterpriseSettings.$inferSelect;

export const SETTING_LIMITS = {
  idleCloseMinutes: [1, 7 * 24 * 60],
  visitorLeftCloseMinutes: [1, 24 * 60],
  graceSeconds: [0, 3600],
  leaveMessageQueueLength: [1, 10_000],
} as const;

// The settings row is keyed by the enterprise itself, so this lookup is the scope.
export function getSettings(db: Db, enterpriseId: string): Settings {
  const row = db.select().from(enterpriseSettings).where(eq(enterpriseSettings.enterpriseId, enterpriseId)).get();
  if (row) return row;
  db.insert(enterpriseSettings).values({ enterpriseId }).onConflictDoNothing().run();
  return db.select().from(enterpriseSettings).where(eq(enterpriseSettings.enterpriseId, enterpriseId)).get()!;
}

export type SettingsInput = Partial<Record<keyof typeof SETTING_LIMITS, unknown>>;

/** Validates every given field (whole numbers in range; the queue length may be empty = never). */
export function updateSettings(db: Db, enterpriseId: string, input: SettingsInput): Settings {
  getSettings(db, enterpriseId);
  const set: Partial<Settings> = {};
  for (const [key, [min, max]] of Object.entries(SETTING_LIMITS) as [keyof typeof SETTING_LIMITS, readonly [number, number]][]) {
    const raw = input[key];
    if (raw === undefined) continue;
    if (key === "leaveMessageQueueLength" && (raw === "" || raw === null)) {
      set.leaveMessageQueueLength = null;
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UserError("invalid_setting", 400, { field: key, min, max });
    (set as Record<string, number>)[key] = n;
  }
  if (Object.keys(set).length) db.update(enterpriseSettings).set(set).where(eq(enterpriseSettings.enterpriseId, enterpriseId)).run();
  return getSettings(db, enterpriseId);
}
