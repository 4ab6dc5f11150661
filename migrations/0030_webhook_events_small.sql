PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_webhook_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`order_key` text NOT NULL,
	`payload` text,
	`message_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_webhook_events`("id", "enterprise_id", "event_id", "type", "order_key", "payload", "message_id", "created_at") SELECT "id", "enterprise_id", "event_id", "type", "order_key", "payload", NULL, "created_at" FROM `webhook_events`;--> statement-breakpoint
DROP TABLE `webhook_events`;--> statement-breakpoint
ALTER TABLE `__new_webhook_events` RENAME TO `webhook_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;