// What seat service's operations need: the database, the install's mode, and (in a running server)
// the chat core, to take seats that lose service off line. AppContext has all three; the renewal
// benchmark passes no chat core.
import type { ChatCore } from "../../chat/core";
import type { Config } from "../../config";
import type { Db } from "../../db/client";

export interface ServiceContext {
  db: Db;
  config: Pick<Config, "mode">;
  chat?: ChatCore;
}
