CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`target_name` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_enterprise_at` ON `audit_log` (`enterprise_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_enterprise_actor` ON `audit_log` (`enterprise_id`,`actor_id`);--> statement-breakpoint
CREATE TABLE `roles` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`name` text NOT NULL,
	`modules` text NOT NULL,
	`scope` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roles_enterprise_name` ON `roles` (`enterprise_id`,`name`);--> statement-breakpoint
CREATE TABLE `seat_links` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `seat_links_token_hash_unique` ON `seat_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `seat_links_user` ON `seat_links` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_totp` (
	`user_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`secret` text NOT NULL,
	`enabled_at` integer,
	`last_step` integer DEFAULT 0 NOT NULL,
	`recovery_hashes` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lead_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lead_notes_lead` ON `lead_notes` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text,
	`fields` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`wechat` text DEFAULT '' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`page_url` text DEFAULT '' NOT NULL,
	`lang` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`claimed_by` text,
	`claimed_at` integer,
	`done_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leads_enterprise_created` ON `leads` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_enterprise_status` ON `leads` (`enterprise_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_visitor` ON `leads` (`visitor_id`);--> statement-breakpoint
CREATE TABLE `leave_message_settings` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitor_visits` (
	`visitor_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`visits` integer DEFAULT 1 NOT NULL,
	`visit_started_at` integer NOT NULL,
	`last_beacon_at` integer NOT NULL
);
