CREATE TABLE `invoice_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`tax_id` text NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`amount` integer NOT NULL,
	`state` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`file_stored` text,
	`file_name` text DEFAULT '' NOT NULL,
	`file_type` text DEFAULT '' NOT NULL,
	`requested_by_id` text,
	`requested_by_name` text DEFAULT '' NOT NULL,
	`operator_id` text,
	`operator_name` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `invoice_requests_enterprise` ON `invoice_requests` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invoice_requests_state` ON `invoice_requests` (`state`,`created_at`);