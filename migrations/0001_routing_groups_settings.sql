CREATE TABLE `agent_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_groups_enterprise` ON `agent_groups` (`enterprise_id`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`enterprise_id` text NOT NULL,
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `agent_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_user` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `site_groups` (
	`enterprise_id` text NOT NULL,
	`site_id` text NOT NULL,
	`group_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`site_id`, `group_id`),
	FOREIGN KEY (`group_id`) REFERENCES `agent_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `enterprise_settings` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`idle_close_minutes` integer DEFAULT 30 NOT NULL,
	`visitor_left_close_minutes` integer DEFAULT 10 NOT NULL,
	`grace_seconds` integer DEFAULT 60 NOT NULL,
	`leave_message_queue_length` integer
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `queued_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `group_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `close_reason` text;--> statement-breakpoint
CREATE INDEX `conversations_queue` ON `conversations` (`enterprise_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `conversations_last_message` ON `conversations` (`enterprise_id`,`last_message_at`);