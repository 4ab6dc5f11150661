// What every handler can reach: settings, the database and the live chat core.
import type { Checkpoints } from "../db/checkpoints";
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
  /** who checkpoints the WAL (the server's thread; absent in tests that build the server in-process) */
  checkpoints?: Pick<Checkpoints, "mode" | "frames">;
}
