CREATE TABLE `robot_settings` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`small_talk` text DEFAULT '{}' NOT NULL,
	`llm_mode` text DEFAULT 'off' NOT NULL,
	`llm_base_url` text DEFAULT '' NOT NULL,
	`llm_model` text DEFAULT '' NOT NULL,
	`llm_key` text DEFAULT '' NOT NULL,
	`llm_timeout_ms` integer DEFAULT 4000 NOT NULL,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`llm_failures` integer DEFAULT 0 NOT NULL,
	`llm_prompt_tokens` integer DEFAULT 0 NOT NULL,
	`llm_completion_tokens` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `robot_synonyms` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`word` text NOT NULL,
	`equivalents` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `robot_synonyms_word` ON `robot_synonyms` (`enterprise_id`,`word`);