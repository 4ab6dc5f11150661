// `parley serve`: opens the data directory, starts the chat core and the background jobs, listens,
// and stops them all in order on SIGTERM/SIGINT. The one importer of the route table (src/server.ts)
// besides main.
import { startAccountHousekeeping } from "../accounts/housekeeping";
import { LoginLimiter } from "../accounts/login-limit";
import { ChatService } from "../chat/service";
import { startCheckpoints } from "../db/checkpoints";
import { startMaintenance } from "../db/maintenance";
import { buildServer, stopBackgroundJobs } from "../server";
import { instrumentChat } from "../ops/metrics";
import { shutdown } from "../ops/shutdown";
import { startRetention } from "../ops/retention";
import { startRenewals } from "../billing/service/renewal";
import { startPaymentRecovery } from "../billing/gateways";
import { log, logUncaught, setLogLevel } from "../log";
import { operatorCount } from "../platform/operators";
import { enterprises } from "../db/schema";
import { loadConfig } from "../config";
import { VERSION } from "../version";
import type { ParsedArgs } from "./args";
import { openData } from "./commands";

export async function serve(args: ParsedArgs) {
  const config = loadConfig(args.flags);
  if (config.quiet) setLogLevel("warn");
  logUncaught();
  const db = openData(config);
  const stopMaintenance = startMaintenance(db);
  const checkpoints = startCheckpoints(db, config.dataDir, config.synchronous);
  const chat = new ChatService(db, { config });
  instrumentChat(chat);
  chat.start();
  // The robot's indexes are built now rather than at the first visitor's question.
  void chat.robot.service.warm();
  const app = { config, db, chat, checkpoints, loginLimiter: new LoginLimiter(), startedAt: Date.now() };
  // Expired sessions are deleted now and hourly; the limiter forgets what expired.
  const stopHousekeeping = startAccountHousekeeping(app);
  // Closed conversations and stray uploads past --retention-days go, in small batches (off by default).
  const stopRetention = startRetention(db, config.dataDir, { days: config.retentionDays });
  // Seat service (F15, platform mode): renewals, warnings and lapses now and every minute, on the chat core's clock.
  const stopRenewals = config.mode === "platform" ? startRenewals(app, () => chat.clock.now()) : () => {};
  // Platform mode: payments whose notification never came are asked about at start-up and every minute.
  const stopPaymentRecovery = startPaymentRecovery(app);
  // reusePort off: a second server on the same port must fail, not silently share the traffic.
  const server = buildServer(app).listen({ port: config.port, hostname: config.host, reusePort: false });
  const port = server.server?.port;
  // What a fresh data directory needs first: company mode its enterprise, platform mode its first operator.
  const first =
    config.mode === "platform"
      ? operatorCount(db) > 0 ? "" : ` — open http://localhost:${port}/operator/setup to create the first operator`
      : db.select({ id: enterprises.id }).from(enterprises).limit(1).get() ? "" : ` — open http://localhost:${port}/ to set up`;
  log.info(`Parley ${VERSION} (${config.mode} mode) on http://localhost:${port}, data in ${config.dataDir}${first}`, { version: VERSION, mode: config.mode, port, dataDir: config.dataDir });
  // SIGTERM/SIGINT: stop listening, store what arrived, close sockets with 1001, checkpoint, exit (src/ops/shutdown.ts).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void shutdown({ server: server.server!, db, stopTimers: [() => chat.stop(), () => stopBackgroundJobs(app), stopMaintenance, stopHousekeeping, stopRetention, stopPaymentRecovery, stopRenewals], beforeCheckpoint: () => checkpoints.stop() }, signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return server;
}
