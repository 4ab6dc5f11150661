// The widget's weight on customers' pages, as it goes over the wire: builds the widget bundles
// (scripts/build-widget.ts), starts a server and fetches what a browser fetches (the loader, its
// config, the chat window) with and without Accept-Encoding, printing the bytes of each response
// body as sent, against the budgets (which the build checks on gzip -9).
//
//   bun bench/widget-size.ts
import { join } from "node:path";
import { initCompany } from "../src/accounts/setup";
import { LoginLimiter } from "../src/accounts/login-limit";
import { ChatService } from "../src/chat/service";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { runMigrations } from "../src/db/migrate";
import type { AppContext } from "../src/http/app-context";
import { buildServer } from "../src/server";
import { BUN, removeDir, ROOT, runMain, tempDir } from "./lib/proc";

const BUDGETS: Record<string, number> = { "/widget.js": 4 * 1024, "/static/build/widget-window.js": 25 * 1024 };
const ENCODINGS = ["identity", "gzip", "br"];

runMain(async () => {
  // The build script exits 1 when a bundle is over budget; the sizes are reported here either way.
  const build = Bun.spawnSync([BUN, join(ROOT, "scripts/build-widget.ts"), "widget"], { cwd: ROOT });
  if (build.exitCode !== 0 && !build.stderr.toString().includes("over budget")) throw new Error(`widget build failed:\n${build.stderr}${build.stdout}`);

  const dataDir = tempDir();
  const config = loadConfig({ port: "0", data: dataDir, quiet: true, host: "127.0.0.1" }, {});
  const db = openDatabase(dataDir);
  runMigrations(db);
  const { siteKey } = await initCompany(db, { company: "Bench Co", email: "bench@example.com", password: "bench-pass-1", adminName: "Bench" });
  const app: AppContext = { config, db, chat: new ChatService(db, { config }), loginLimiter: new LoginLimiter(), startedAt: Date.now() };
  const server = buildServer(app).listen({ port: 0, hostname: "127.0.0.1", reusePort: false });
  const base = `http://127.0.0.1:${server.server!.port}`;

  console.log(`\n== widget over the wire (response body bytes as sent, by Accept-Encoding)`);
  console.log(`${"".padEnd(34)} ${ENCODINGS.map((e) => e.padStart(9)).join(" ")}  budget`);
  let ok = true;
  try {
    for (const path of ["/widget.js", `/api/widget/config?site=${siteKey}&lang=en`, "/static/build/widget-window.js"]) {
      const sizes: number[] = [];
      for (const enc of ENCODINGS) {
        const res = await fetch(base + path, { headers: { "accept-encoding": enc }, decompress: false, keepalive: false } as RequestInit);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        const got = res.headers.get("content-encoding") ?? "identity";
        if (got !== enc) throw new Error(`${path}: asked for ${enc}, got ${got}`);
        sizes.push((await res.arrayBuffer()).byteLength);
      }
      const budget = BUDGETS[path];
      const pass = budget === undefined || sizes[1]! <= budget;
      ok &&= pass;
      const name = path.startsWith("/api/") ? "/api/widget/config" : path;
      console.log(`${name.padEnd(34)} ${sizes.map((s) => `${s} B`.padStart(9)).join(" ")}  ${budget ? `${budget} B gzip: ${pass ? "PASS" : "FAIL"}` : "–"}`);
    }
  } finally {
    app.chat.stop();
    await server.stop(true);
    db.$client.close();
    removeDir(dataDir);
  }
  return ok ? 0 : 4;
});
