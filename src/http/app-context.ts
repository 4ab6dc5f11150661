// What every handler can reach: settings, the database and the live chat core.
import type { Checkpoints } from "../db/checkpoints";
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { ChatCore } from "../chat/core";
import type { LoginLimiter } from "../accounts/login-limit";

export interface AppContext {
  config: Config;
  db: Db;
  /** the live chat core, through what other areas may ask of it (src/chat/core.ts) */
  chat: ChatCore;
  loginLimiter: LoginLimiter;
  startedAt: number;
  /** who checkpoints the WAL (the server's thread; absent in tests that build the server in-process) */
  checkpoints?: Pick<Checkpoints, "mode" | "frames">;
}
