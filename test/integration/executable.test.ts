// `npm run build` makes one self-contained executable: run from a directory that holds nothing of
// ours, it sets up, serves pages, static files, the widget and the real-time chat, and hands WAL
// checkpoints to its embedded worker thread once the database is written.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { randomVisitorId, visitorSocket } from "../helpers/sockets";

const root = join(import.meta.dir, "../..");
const exe = join(root, "dist/parley");
const elsewhere = tempDir("parley-exe-cwd-");
const dataDir = join(elsewhere, "data");
let server: ServeProcess | undefined;

async function run(args: string[]) {
  const p = Bun.spawn([exe, ...args], { cwd: elsewhere, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

beforeAll(async () => {
  const build = Bun.spawn([process.execPath, join(root, "scripts/build.ts")], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(build.stdout).text(), new Response(build.stderr).text(), build.exited]);
  if (code !== 0) throw new Error(`npm run build failed:\n${out}\n${err}`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(elsewhere, { recursive: true, force: true });
});

test("dist/parley runs from any directory with everything embedded", async () => {
  expect((await run(["version"])).stdout).toMatch(/\d+\.\d+\.\d+/);
  const init = await run(["init", "--company", "Exe Co", "--email", "exe@example.com", "--password", "exe-pass-12", "--data", dataDir]);
  expect(init.code).toBe(0);
  const { siteKey } = JSON.parse(init.stdout);

  server = await serveProcess(dataDir, [], [exe]);
  const health = async () => (await (await fetch(`${server!.url}/healthz`)).json()) as { status: string; checkpoints: string };
  // Nothing written since it started: the server's connection checkpoints itself, no thread yet.
  expect(await health()).toMatchObject({ status: "ok", checkpoints: "waiting" });
  // Another connection (as the command line would) writes a few MB: the WAL grows, the thread starts.
  const other = new Database(join(dataDir, "parley.sqlite"));
  other.exec("PRAGMA busy_timeout = 5000");
  other.exec("CREATE TABLE exe_test_scratch (id integer PRIMARY KEY, filler text)");
  const put = other.prepare("INSERT INTO exe_test_scratch (filler) VALUES (?)");
  for (let i = 0; i < 400; i++) put.run("x".repeat(4000));
  other.close();
  for (const deadline = Date.now() + 5000; (await health()).checkpoints !== "thread"; await Bun.sleep(10))
    if (Date.now() > deadline) throw new Error("the checkpoint thread did not start");

  const login = await fetch(`${server.url}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('data-testid="login-email"');
  for (const path of ["/widget.js", "/static/build/widget-window.js", "/static/build/workspace.js", "/static/vendor/htmx.min.js"]) {
    const res = await fetch(`${server.url}${path}`);
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.headers.get("content-type")).toContain("javascript");
  }
  // The third-party notices travel with the executable (their licences ask it).
  const notices = await fetch(`${server.url}/static/third-party-notices.txt`);
  expect(notices.status).toBe(200);
  expect(notices.headers.get("content-type")).toContain("text/plain");
  expect(await notices.text()).toContain("minisearch@");
  // The bundles' brotli and gzip copies are embedded too, and sent to clients that accept them.
  for (const encoding of ["br", "gzip"]) {
    const res = await fetch(`${server.url}/widget.js`, { headers: { "accept-encoding": encoding }, decompress: false } as RequestInit);
    expect(res.headers.get("content-encoding")).toBe(encoding);
    expect((await res.arrayBuffer()).byteLength).toBeLessThan(4096);
  }

  const v = await visitorSocket(server.url.replace("http", "ws"), siteKey, randomVisitorId());
  v.socket.send({ type: "message", clientId: "exe-1", text: "从可执行文件发来的消息" });
  expect(await v.socket.next("ack")).toMatchObject({ clientId: "exe-1", seq: 1 });
  v.socket.close();
  expect(await server.stop("SIGTERM")).toBe(0);
  server = undefined;
}, 60_000);
