// Instance-wide values: the secret that signs cookies, created on first start.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { instance } from "../db/schema";
import { randomToken } from "../db/ids";

export function instanceValue(db: Db, key: string, create: () => string): string {
  const row = db.select().from(instance).where(eq(instance.key, key)).get();
  if (row) return row.value;
  const value = create();
  db.insert(instance).values({ key, value }).onConflictDoNothing().run();
  return db.select().from(instance).where(eq(instance.key, key)).get()!.value;
}

export function cookieSecret(db: Db): string {
  return instanceValue(db, "cookie_secret", () => randomToken(48));
}
