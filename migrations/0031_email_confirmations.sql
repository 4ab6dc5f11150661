CREATE TABLE `email_confirmations` (
	`user_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`lang` text NOT NULL,
	`expires_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_confirmations_token_hash_unique` ON `email_confirmations` (`token_hash`);