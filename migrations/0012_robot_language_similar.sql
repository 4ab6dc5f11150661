ALTER TABLE `robot_entries` ADD `language` text;--> statement-breakpoint
ALTER TABLE `robot_entries` ADD `similar` text DEFAULT '[]' NOT NULL;