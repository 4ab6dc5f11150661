CREATE TABLE `system_lines` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`key` text NOT NULL,
	`params` text NOT NULL
);
