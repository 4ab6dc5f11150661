CREATE TABLE `webhook_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`delivery_id` integer NOT NULL,
	`at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`status_code` integer,
	`error` text,
	`body_excerpt` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery` ON `webhook_attempts` (`delivery_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`order_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`last_status_code` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_order` ON `webhook_deliveries` (`endpoint_id`,`order_key`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `webhook_deliveries_log` ON `webhook_deliveries` (`enterprise_id`,`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_enterprise` ON `webhook_endpoints` (`enterprise_id`);--> statement-breakpoint
CREATE TABLE `report_agent_online` (
	`enterprise_id` text NOT NULL,
	`day` text NOT NULL,
	`agent_id` text NOT NULL,
	`online_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`enterprise_id`, `day`, `agent_id`)
);
--> statement-breakpoint
CREATE TABLE `report_conversations` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`robot` integer DEFAULT false NOT NULL,
	`agent_id` text,
	`assigned` integer DEFAULT false NOT NULL,
	`first_response_at` integer,
	`closed_at` integer,
	`day` text,
	`rating` integer,
	`rating_comment` text,
	`rated_at` integer
);
--> statement-breakpoint
CREATE INDEX `report_conversations_enterprise` ON `report_conversations` (`enterprise_id`,`rated_at`);--> statement-breakpoint
CREATE TABLE `report_daily` (
	`enterprise_id` text NOT NULL,
	`day` text NOT NULL,
	`dow` integer NOT NULL,
	`site_id` text NOT NULL,
	`agent_id` text DEFAULT '' NOT NULL,
	`conversations` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	`missed` integer DEFAULT 0 NOT NULL,
	`abandoned` integer DEFAULT 0 NOT NULL,
	`robot` integer DEFAULT 0 NOT NULL,
	`robot_resolved` integer DEFAULT 0 NOT NULL,
	`robot_handoff` integer DEFAULT 0 NOT NULL,
	`fr_count` integer DEFAULT 0 NOT NULL,
	`fr_sum_ms` integer DEFAULT 0 NOT NULL,
	`res_count` integer DEFAULT 0 NOT NULL,
	`res_sum_ms` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`leads` integer DEFAULT 0 NOT NULL,
	`r1` integer DEFAULT 0 NOT NULL,
	`r2` integer DEFAULT 0 NOT NULL,
	`r3` integer DEFAULT 0 NOT NULL,
	`r4` integer DEFAULT 0 NOT NULL,
	`r5` integer DEFAULT 0 NOT NULL,
	`h0` integer DEFAULT 0 NOT NULL,
	`h1` integer DEFAULT 0 NOT NULL,
	`h2` integer DEFAULT 0 NOT NULL,
	`h3` integer DEFAULT 0 NOT NULL,
	`h4` integer DEFAULT 0 NOT NULL,
	`h5` integer DEFAULT 0 NOT NULL,
	`h6` integer DEFAULT 0 NOT NULL,
	`h7` integer DEFAULT 0 NOT NULL,
	`h8` integer DEFAULT 0 NOT NULL,
	`h9` integer DEFAULT 0 NOT NULL,
	`h10` integer DEFAULT 0 NOT NULL,
	`h11` integer DEFAULT 0 NOT NULL,
	`h12` integer DEFAULT 0 NOT NULL,
	`h13` integer DEFAULT 0 NOT NULL,
	`h14` integer DEFAULT 0 NOT NULL,
	`h15` integer DEFAULT 0 NOT NULL,
	`h16` integer DEFAULT 0 NOT NULL,
	`h17` integer DEFAULT 0 NOT NULL,
	`h18` integer DEFAULT 0 NOT NULL,
	`h19` integer DEFAULT 0 NOT NULL,
	`h20` integer DEFAULT 0 NOT NULL,
	`h21` integer DEFAULT 0 NOT NULL,
	`h22` integer DEFAULT 0 NOT NULL,
	`h23` integer DEFAULT 0 NOT NULL,
	`fr0` integer DEFAULT 0 NOT NULL,
	`res0` integer DEFAULT 0 NOT NULL,
	`fr1` integer DEFAULT 0 NOT NULL,
	`res1` integer DEFAULT 0 NOT NULL,
	`fr2` integer DEFAULT 0 NOT NULL,
	`res2` integer DEFAULT 0 NOT NULL,
	`fr3` integer DEFAULT 0 NOT NULL,
	`res3` integer DEFAULT 0 NOT NULL,
	`fr4` integer DEFAULT 0 NOT NULL,
	`res4` integer DEFAULT 0 NOT NULL,
	`fr5` integer DEFAULT 0 NOT NULL,
	`res5` integer DEFAULT 0 NOT NULL,
	`fr6` integer DEFAULT 0 NOT NULL,
	`res6` integer DEFAULT 0 NOT NULL,
	`fr7` integer DEFAULT 0 NOT NULL,
	`res7` integer DEFAULT 0 NOT NULL,
	`fr8` integer DEFAULT 0 NOT NULL,
	`res8` integer DEFAULT 0 NOT NULL,
	`fr9` integer DEFAULT 0 NOT NULL,
	`res9` integer DEFAULT 0 NOT NULL,
	`fr10` integer DEFAULT 0 NOT NULL,
	`res10` integer DEFAULT 0 NOT NULL,
	`fr11` integer DEFAULT 0 NOT NULL,
	`res11` integer DEFAULT 0 NOT NULL,
	`fr12` integer DEFAULT 0 NOT NULL,
	`res12` integer DEFAULT 0 NOT NULL,
	`fr13` integer DEFAULT 0 NOT NULL,
	`res13` integer DEFAULT 0 NOT NULL,
	`fr14` integer DEFAULT 0 NOT NULL,
	`res14` integer DEFAULT 0 NOT NULL,
	`fr15` integer DEFAULT 0 NOT NULL,
	`res15` integer DEFAULT 0 NOT NULL,
	`fr16` integer DEFAULT 0 NOT NULL,
	`res16` integer DEFAULT 0 NOT NULL,
	`fr17` integer DEFAULT 0 NOT NULL,
	`res17` integer DEFAULT 0 NOT NULL,
	`fr18` integer DEFAULT 0 NOT NULL,
	`res18` integer DEFAULT 0 NOT NULL,
	`fr19` integer DEFAULT 0 NOT NULL,
	`res19` integer DEFAULT 0 NOT NULL,
	`fr20` integer DEFAULT 0 NOT NULL,
	`res20` integer DEFAULT 0 NOT NULL,
	`fr21` integer DEFAULT 0 NOT NULL,
	`res21` integer DEFAULT 0 NOT NULL,
	`fr22` integer DEFAULT 0 NOT NULL,
	`res22` integer DEFAULT 0 NOT NULL,
	`fr23` integer DEFAULT 0 NOT NULL,
	`res23` integer DEFAULT 0 NOT NULL,
	`fr24` integer DEFAULT 0 NOT NULL,
	`res24` integer DEFAULT 0 NOT NULL,
	`fr25` integer DEFAULT 0 NOT NULL,
	`res25` integer DEFAULT 0 NOT NULL,
	`fr26` integer DEFAULT 0 NOT NULL,
	`res26` integer DEFAULT 0 NOT NULL,
	`fr27` integer DEFAULT 0 NOT NULL,
	`res27` integer DEFAULT 0 NOT NULL,
	`fr28` integer DEFAULT 0 NOT NULL,
	`res28` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`enterprise_id`, `day`, `site_id`, `agent_id`)
);
--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` text NOT NULL,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `email_outbox_due` ON `email_outbox` (`status`,`next_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_enterprise` ON `email_outbox` (`enterprise_id`,`id`);--> statement-breakpoint
CREATE TABLE `email_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`enterprise_id` text NOT NULL,
	`missed_chats` integer DEFAULT true NOT NULL,
	`new_leads` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `email_settings` (
	`enterprise_id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`security` text NOT NULL,
	`username` text DEFAULT '' NOT NULL,
	`password` text DEFAULT '' NOT NULL,
	`from_address` text NOT NULL,
	`from_name` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL
);
