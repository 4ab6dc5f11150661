// Email running for one server: the notices subscribed to the domain events and the outbox sender.
import type { Config } from "../config";
import type { Db } from "../db/client";
import { startEmailNotifications } from "./notifications";
import { MailSender, mailSenderOf } from "./outbox";

export function startEmail(db: Db, config: Pick<Config, "mode" | "publicUrl">): MailSender {
  const running = mailSenderOf(db);
  if (running) return running;
  const sender = new MailSender(db, () => config.mode).start();
  const stopNotices = startEmailNotifications(db, config.mode, () => config.publicUrl);
  const stop = sender.stop.bind(sender);
  sender.stop = () => {
    stop();
    stopNotices();
  };
  return sender;
}
