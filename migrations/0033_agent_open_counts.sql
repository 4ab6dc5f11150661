CREATE TABLE `agent_open_counts` (
	`enterprise_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`open` integer NOT NULL,
	PRIMARY KEY(`enterprise_id`, `agent_id`)
);
--> statement-breakpoint
-- The triggers keep agent_open_counts equal to the count of each agent's open conversations
-- (src/routing/schema.ts); the last statement counts what is open now.
CREATE TRIGGER `conversations_load_insert` AFTER INSERT ON `conversations`
WHEN new.status = 'open' AND new.agent_id IS NOT NULL
BEGIN
	INSERT INTO `agent_open_counts` (`enterprise_id`, `agent_id`, `open`) VALUES (new.enterprise_id, new.agent_id, 1)
	ON CONFLICT (`enterprise_id`, `agent_id`) DO UPDATE SET `open` = `open` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_load_leave` AFTER UPDATE OF `status`, `agent_id` ON `conversations`
WHEN old.status = 'open' AND old.agent_id IS NOT NULL AND NOT (new.status = 'open' AND new.agent_id IS old.agent_id)
BEGIN
	UPDATE `agent_open_counts` SET `open` = `open` - 1 WHERE `enterprise_id` = old.enterprise_id AND `agent_id` = old.agent_id;
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_load_join` AFTER UPDATE OF `status`, `agent_id` ON `conversations`
WHEN new.status = 'open' AND new.agent_id IS NOT NULL AND NOT (old.status = 'open' AND old.agent_id IS new.agent_id)
BEGIN
	INSERT INTO `agent_open_counts` (`enterprise_id`, `agent_id`, `open`) VALUES (new.enterprise_id, new.agent_id, 1)
	ON CONFLICT (`enterprise_id`, `agent_id`) DO UPDATE SET `open` = `open` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_load_delete` AFTER DELETE ON `conversations`
WHEN old.status = 'open' AND old.agent_id IS NOT NULL
BEGIN
	UPDATE `agent_open_counts` SET `open` = `open` - 1 WHERE `enterprise_id` = old.enterprise_id AND `agent_id` = old.agent_id;
END;
--> statement-breakpoint
INSERT INTO `agent_open_counts` (`enterprise_id`, `agent_id`, `open`)
SELECT `enterprise_id`, `agent_id`, count(*) FROM `conversations` WHERE `status` = 'open' AND `agent_id` IS NOT NULL GROUP BY `enterprise_id`, `agent_id`;
