ALTER TABLE `conversations` DROP COLUMN `last_seq`;--> statement-breakpoint
ALTER TABLE `conversations` DROP COLUMN `agent_unread`;