DROP INDEX `conversations_last_message`;--> statement-breakpoint
CREATE INDEX `conversations_last_message` ON `conversations` (`enterprise_id`,`last_message_at`) WHERE status = 'closed';