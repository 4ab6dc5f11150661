// Column helpers every area's schema uses, so that ids, times and enterprise ownership look alike.
import { integer, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch. */
export const time = (name: string) => integer(name, { mode: "number" });
/** The owning enterprise: every enterprise-owned table has this column, and src/db/scope.ts filters on it. */
export const enterpriseRef = () => text("enterprise_id").notNull();
