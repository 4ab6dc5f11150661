CREATE TABLE `customer_field_defs` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_field_defs_enterprise` ON `customer_field_defs` (`enterprise_id`,`position`);--> statement-breakpoint
CREATE TABLE `customer_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_links_ref` ON `customer_links` (`enterprise_id`,`kind`,`ref_id`);--> statement-breakpoint
CREATE INDEX `customer_links_customer` ON `customer_links` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`author_id` text,
	`author_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_notes_customer` ON `customer_notes` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`wechat` text DEFAULT '' NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`fields` text DEFAULT '{}' NOT NULL,
	`email_key` text DEFAULT '' NOT NULL,
	`phone_key` text DEFAULT '' NOT NULL,
	`external_id` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_enterprise_updated` ON `customers` (`enterprise_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `customers_email` ON `customers` (`enterprise_id`,`email_key`);--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`enterprise_id`,`phone_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external` ON `customers` (`enterprise_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `site_identity_secrets` (
	`site_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quick_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`owner_id` text,
	`group_name` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`shortcut` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `quick_replies_owner` ON `quick_replies` (`enterprise_id`,`owner_id`);