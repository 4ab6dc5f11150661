CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`idempotency_key` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_name` text DEFAULT '' NOT NULL,
	`memo` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_key` ON `ledger_entries` (`enterprise_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `ledger_entries_enterprise` ON `ledger_entries` (`enterprise_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_at` ON `ledger_entries` (`at`);--> statement-breakpoint
CREATE TABLE `recharge_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`channel` text NOT NULL,
	`amount` integer NOT NULL,
	`state` text NOT NULL,
	`reference_code` text DEFAULT '' NOT NULL,
	`payer` text DEFAULT '' NOT NULL,
	`transfer_date` text DEFAULT '' NOT NULL,
	`receipt_stored` text,
	`receipt_name` text DEFAULT '' NOT NULL,
	`receipt_type` text DEFAULT '' NOT NULL,
	`code_url` text DEFAULT '' NOT NULL,
	`gateway_trade_no` text DEFAULT '' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_by_id` text,
	`created_by_name` text DEFAULT '' NOT NULL,
	`reviewer_id` text,
	`reviewer_name` text DEFAULT '' NOT NULL,
	`ledger_entry_id` integer,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`checked_at` integer
);
--> statement-breakpoint
CREATE INDEX `recharge_orders_enterprise` ON `recharge_orders` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `recharge_orders_state` ON `recharge_orders` (`state`,`channel`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `recharge_orders_reference` ON `recharge_orders` (`reference_code`) WHERE reference_code <> '';--> statement-breakpoint
CREATE TABLE `wallets` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`balance` integer NOT NULL,
	`last_entry_id` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- The ledger is append-only: the database refuses to change or remove a row (src/billing/ledger.ts).
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries` BEGIN SELECT RAISE(ABORT, 'ledger_entries are append-only: rows cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries` BEGIN SELECT RAISE(ABORT, 'ledger_entries are append-only: rows cannot be deleted'); END;
--> statement-breakpoint
-- A new row continues its enterprise's chain: balance_after = the previous row's balance_after + amount, never below zero.
CREATE TRIGGER `ledger_entries_chain` BEFORE INSERT ON `ledger_entries`
WHEN NEW.`balance_after` < 0 OR NEW.`balance_after` <> NEW.`amount` + COALESCE((SELECT `balance_after` FROM `ledger_entries` WHERE `enterprise_id` = NEW.`enterprise_id` ORDER BY `id` DESC LIMIT 1), 0)
BEGIN SELECT RAISE(ABORT, 'ledger_entries: balance_after must be the previous balance plus the amount, and not below zero'); END;
