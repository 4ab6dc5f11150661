CREATE TABLE `robot_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`key` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`keywords` text NOT NULL,
	`related` text NOT NULL,
	`category` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `robot_entries_key` ON `robot_entries` (`enterprise_id`,`key`);--> statement-breakpoint
CREATE TABLE `robot_outcomes` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`site_id` text,
	`answers` integer DEFAULT 0 NOT NULL,
	`unanswered` integer DEFAULT 0 NOT NULL,
	`handed_off_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `robot_outcomes_enterprise` ON `robot_outcomes` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `robot_unanswered` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`normalized` text NOT NULL,
	`example` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`first_asked_at` integer NOT NULL,
	`last_asked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `robot_unanswered_text` ON `robot_unanswered` (`enterprise_id`,`normalized`);--> statement-breakpoint
CREATE INDEX `robot_unanswered_count` ON `robot_unanswered` (`enterprise_id`,`count`);--> statement-breakpoint
ALTER TABLE `sites` ADD `robot_enabled` integer DEFAULT false NOT NULL;