CREATE TABLE `business_hours` (
	`site_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`schedule` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitor_blocks` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`conversation_id` text DEFAULT '' NOT NULL,
	`created_by_id` text,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`lifted_at` integer,
	`lifted_by_name` text
);
--> statement-breakpoint
CREATE INDEX `visitor_blocks_enterprise` ON `visitor_blocks` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `banned_words` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`word` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `banned_words_word` ON `banned_words` (`enterprise_id`,`word`);--> statement-breakpoint
CREATE TABLE `moderation_settings` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`action` text DEFAULT 'mask' NOT NULL,
	`updated_at` integer NOT NULL
);
