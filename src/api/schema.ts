import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../db/columns";

/** API tokens (docs/api.md): the firm's own systems call /api/v1 and /metrics with one. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    /** sha256 of the token, like sessions: a copy of the database holds no usable token */
    tokenHash: text("token_hash").notNull().unique(),
    /** JSON array: role modules (common/permissions.ts) and "metrics" */
    modules: text("modules").notNull(),
    /** null: never expires */
    expiresAt: time("expires_at"),
    /** the admin who created it; null from the command line */
    createdBy: text("created_by"),
    createdAt: time("created_at").notNull(),
    /** updated at most once a minute, so a busy token does not write on every call */
    lastUsedAt: time("last_used_at"),
  },
  (t) => [index("api_tokens_enterprise").on(t.enterpriseId)],
);
