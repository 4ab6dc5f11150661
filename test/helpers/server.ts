// A real Parley server for tests: its own SQLite file in a temp directory, a free port, real sockets.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoginLimiter, type LoginLimits } from "../../src/accounts/login-limit";
import { initCompany } from "../../src/accounts/setup";
import { addUser } from "../../src/accounts/users";
import { ChatService } from "../../src/chat/service";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import type { AppContext } from "../../src/http/app-context";
import { buildServer, stopBackgroundJobs } from "../../src/server";
import { instrumentChat } from "../../src/ops/metrics";

import { SteppableClock } from "../../src/clock";

export interface TestServer {
  url: string;
  wsUrl: string;
  /** the server's context; its chat core with its parts, which tests may look into */
  app: AppContext & { chat: ChatService };
  db: Db;
  dataDir: string;
  siteKey: string;
  enterpriseId: string;
  admin: { email: string; password: string };
  agent: { email: string; password: string; id: string };
  /** the chat core's clock: real time, and `advance(ms)` to make a grace period or a rate window pass at once */
  clock: SteppableClock;
  stop(keepData?: boolean): Promise<void>;
}

export const PASSWORD = "correct-horse-1";

/** The visitor messages after the seq the conversation's agent has read, straight from SQLite. */
export function agentUnread(sqlite: import("bun:sqlite").Database, conversationId: string): number {
  const sql = "select count(*) as n from messages where conversation_id = ?1 and sender = 'visitor' and seq > (select agent_read_seq from conversations where id = ?1)";
  return (sqlite.query(sql).get(conversationId) as { n: number }).n;
}

export function tempDir(prefix = "parley-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A migrated database in a fresh directory with one company and its site, without a server: for tests of storage. */
export interface CompanyDatabase {
  dir: string;
  db: Db;
  enterpriseId: string;
  siteKey: string;
  siteId: string;
  /** closes the database and removes the directory */
  close(): void;
}

export async function companyDatabase(company = "Test"): Promise<CompanyDatabase> {
  const dir = tempDir();
  const db = openDatabase(dir);
  runMigrations(db);
  const setup = await initCompany(db, { company, email: "admin@storage.test", password: "storagepass-1" });
  const site = db.$client.query("select id from sites where key = ?").get(setup.siteKey) as { id: string };
  return {
    dir,
    db,
    enterpriseId: setup.enterpriseId,
    siteKey: setup.siteKey,
    siteId: site.id,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `config`: settings to change from the defaults (e.g. a socket limit a test reaches quickly). */
export async function startServer(opts: { dataDir?: string; setup?: boolean; loginLimits?: LoginLimits; config?: Partial<Config> } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const config: Config = { ...loadConfig({ port: "0", data: dataDir, quiet: true, host: "127.0.0.1" }, {}), ...opts.config };
  const db = openDatabase(dataDir);
  runMigrations(db);
  const clock = new SteppableClock();
  const app: AppContext & { chat: ChatService } = { config, db, chat: new ChatService(db, { config, clock }), loginLimiter: new LoginLimiter(opts.loginLimits), startedAt: Date.now() };
  instrumentChat(app.chat);
  let siteKey = "";
  let enterpriseId = "";
  let agentId = "";
  if (opts.setup !== false) {
    const existing = db.$client.query("select s.key, s.enterprise_id from sites s limit 1").get() as { key: string; enterprise_id: string } | null;
    if (existing) {
      siteKey = existing.key;
      enterpriseId = existing.enterprise_id;
      agentId = (db.$client.query("select id from users where email = 'agent@example.com'").get() as { id: string }).id;
    } else {
      const r = await initCompany(db, { company: "Acme 公司", email: "admin@example.com", password: PASSWORD, adminName: "Ada Admin" });
      siteKey = r.siteKey;
      enterpriseId = r.enterpriseId;
      agentId = (await addUser(db, enterpriseId, { email: "agent@example.com", password: PASSWORD, name: "Ann Agent" })).id;
    }
  }
  const server = buildServer(app).listen({ port: 0, hostname: "127.0.0.1", reusePort: false });
  const port = server.server!.port;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    app,
    db,
    dataDir,
    siteKey,
    enterpriseId,
    admin: { email: "admin@example.com", password: PASSWORD },
    agent: { email: "agent@example.com", password: PASSWORD, id: agentId },
    clock,
    async stop(keepData = false) {
      if (stopped) return;
      stopped = true;
      app.chat.stop();
      stopBackgroundJobs(app);
      await server.stop(true);
      db.$client.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
