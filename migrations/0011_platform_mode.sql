CREATE TABLE `operator_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`operator_id` text,
	`operator_name` text NOT NULL,
	`action` text NOT NULL,
	`subject_enterprise_id` text,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`target_name` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `operator_audit_at` ON `operator_audit` (`at`);--> statement-breakpoint
CREATE INDEX `operator_audit_subject` ON `operator_audit` (`subject_enterprise_id`,`at`);--> statement-breakpoint
CREATE TABLE `operator_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `operator_sessions_operator` ON `operator_sessions` (`operator_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`totp_secret` text NOT NULL,
	`totp_last_step` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`password_changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_email_unique` ON `operators` (`email`);--> statement-breakpoint
CREATE TABLE `platform_accounts` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`display_id` text NOT NULL,
	`state` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`suspended_at` integer,
	`suspend_reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_accounts_display_id_unique` ON `platform_accounts` (`display_id`);--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`legal_name` text NOT NULL,
	`credit_code` text NOT NULL,
	`contact` text NOT NULL,
	`licence_stored` text NOT NULL,
	`licence_name` text NOT NULL,
	`licence_type` text NOT NULL,
	`licence_size` integer NOT NULL,
	`state` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`reviewer_id` text,
	`reviewer_name` text DEFAULT '' NOT NULL,
	`submitted_at` integer NOT NULL,
	`reviewed_at` integer,
	`seen_at` integer
);
--> statement-breakpoint
CREATE INDEX `verifications_enterprise` ON `verifications` (`enterprise_id`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `verifications_state` ON `verifications` (`state`,`submitted_at`);