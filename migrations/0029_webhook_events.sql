CREATE TABLE `webhook_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`order_key` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
