// What every handler can reach: settings, the database and the live chat core.
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { ChatService } from "../chat/service";
import type { LoginLimiter } from "../accounts/login-limit";

export interface AppContext {
  config: Config;
  db: Db;
  chat: ChatService;
  loginLimiter: LoginLimiter;
  startedAt: number;
}
