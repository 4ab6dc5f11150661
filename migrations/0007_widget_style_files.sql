CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`conversation_id` text,
	`uploaded_by` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`stored` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_conversation` ON `attachments` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `attachments_visitor` ON `attachments` (`visitor_id`);--> statement-breakpoint
ALTER TABLE `sites` ADD `style` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
UPDATE `sites` SET `style` = json_object('desktop', json_object('color', `color`, 'position', `position`), 'mobile', json_object('color', `color`, 'position', `position`));--> statement-breakpoint
ALTER TABLE `sites` DROP COLUMN `color`;--> statement-breakpoint
ALTER TABLE `sites` DROP COLUMN `position`;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_read_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating_comment` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rated_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `email` text DEFAULT '' NOT NULL;