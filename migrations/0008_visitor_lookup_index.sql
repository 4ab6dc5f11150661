DROP INDEX `conversations_enterprise_status`;--> statement-breakpoint
DROP INDEX `conversations_visitor`;--> statement-breakpoint
CREATE INDEX `conversations_visitor` ON `conversations` (`enterprise_id`,`visitor_id`,`status`);