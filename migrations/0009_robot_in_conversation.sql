CREATE TABLE `robot_cards` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`card` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `served_by_robot` integer DEFAULT false NOT NULL;