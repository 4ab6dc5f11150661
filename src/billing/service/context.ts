// What seat service's operations need: the database, the install's mode, and (in a running server)
// the chat core, to take seats that lose service off line. AppContext has all three; the renewal
// benchmark passes no chat core.
import type { ChatService } from "../../chat/service";
import type { Config } from "../../config";
import type { Db } from "../../db/client";

export interface ServiceContext {
  db: Db;
  config: Pick<Config, "mode">;
  chat?: ChatService;
}
