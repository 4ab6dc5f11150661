// Seat service's tables (PRODUCT.md F15, docs/billing-service.md): each enterprise's service
// account (the common expiry every served seat shares, auto-renew, the prices locked for the
// current period, the robot add-on, a lapse or a failed renewal) and which seats have service.
// Money itself moves only through the ledger (src/billing/ledger.ts); these rows say what it bought.
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { enterpriseRef, time } from "../../db/columns";

export const serviceAccounts = sqliteTable(
  "service_accounts",
  {
    enterpriseId: enterpriseRef().primaryKey(),
    /** the common expiry (ms): every served seat's service and the add-on end at this instant; null before the first opening */
    expiresAt: time("expires_at"),
    /** the day of the month periods end on (1–31), clamped in shorter months: Jan 31 → Feb 28 → Mar 31 */
    anchorDay: integer("anchor_day").notNull().default(1),
    autoRenew: integer("auto_renew", { mode: "boolean" }).notNull().default(true),
    /** fen per seat and per month for the current period: a seat opened mid-period pays pro rata at this price */
    seatPrice: integer("seat_price").notNull().default(0),
    /** fen per month for the robot add-on, for the current period */
    addonPrice: integer("addon_price").notNull().default(0),
    /** the AI robot add-on (AI机器人版) is bought up to the expiry */
    robotAddon: integer("robot_addon", { mode: "boolean" }).notNull().default(false),
    /** the expiry passed unpaid: no seat is served and the add-on is off until a payment (nothing is deleted) */
    lapsedAt: time("lapsed_at"),
    /** the last automatic renewal the balance did not cover: when, and what it needed (fen) */
    renewFailedAt: time("renew_failed_at"),
    renewNeededFen: integer("renew_needed_fen").notNull().default(0),
    /** the last warning written for the admin (at most one a day) */
    warnedAt: time("warned_at"),
    /** company mode made this enterprise: its active seats were given a free first month on the upgrade */
    upgradeGrantAt: time("upgrade_grant_at"),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [index("service_accounts_expiry").on(t.expiresAt)],
);

/** A seat's service: open from openedAt until closed (closedAt); served while the account is paid up. */
export const seatServices = sqliteTable(
  "seat_services",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    userId: text("user_id").notNull(),
    openedAt: time("opened_at").notNull(),
    closedAt: time("closed_at"),
  },
  (t) => [index("seat_services_enterprise").on(t.enterpriseId, t.closedAt), index("seat_services_user").on(t.userId)],
);
