CREATE TABLE `seat_services` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`user_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `seat_services_enterprise` ON `seat_services` (`enterprise_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `seat_services_user` ON `seat_services` (`user_id`);--> statement-breakpoint
CREATE TABLE `service_accounts` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`expires_at` integer,
	`anchor_day` integer DEFAULT 1 NOT NULL,
	`auto_renew` integer DEFAULT true NOT NULL,
	`seat_price` integer DEFAULT 0 NOT NULL,
	`addon_price` integer DEFAULT 0 NOT NULL,
	`robot_addon` integer DEFAULT false NOT NULL,
	`lapsed_at` integer,
	`renew_failed_at` integer,
	`renew_needed_fen` integer DEFAULT 0 NOT NULL,
	`warned_at` integer,
	`upgrade_grant_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_accounts_expiry` ON `service_accounts` (`expires_at`);