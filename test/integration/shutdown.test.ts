// SIGTERM during traffic: the server stores what it acknowledged, closes sockets with 1001 (going
// away), checkpoints and exits 0 within seconds; its log is one JSON object per line.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatLine } from "../../src/log";
import { runCli, serveProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

const data = tempDir();
afterAll(() => rmSync(data, { recursive: true, force: true }));

test("SIGTERM during traffic: exit 0 quickly, sockets closed with 1001, nothing acknowledged lost, WAL checkpointed", async () => {
  const init = JSON.parse((await runCli(["init", "--company", "Stop Co", "--email", "s@example.com", "--password", "stop-pass-1", "--data", data])).stdout);
  const server = await serveProcess(data, ["--sockets-per-address", "500", "--frames-per-address", "1000000"]);
  const ws = server.url.replace("http", "ws");
  const visitors = await Promise.all(Array.from({ length: 30 }, () => visitorSocket(ws, init.siteKey)));
  const acked = new Map<number, string>();
  let waiters: (() => void)[] = [];
  const loops = visitors.map(async (v, i) => {
    for (let n = 0; ; n++) {
      const text = `v${i} m${n}`;
      v.socket.send({ type: "message", clientId: text, text });
      try {
        const ack = await v.socket.next("ack", (a) => a.clientId === text, 10_000);
        acked.set(ack.id, text);
        for (const w of waiters.splice(0)) w();
      } catch {
        return; // the socket closed: the server is going away
      }
      await Bun.sleep(120);
    }
  });
  await new Promise<void>((resolve) => {
    const check = () => (acked.size >= 100 ? resolve() : waiters.push(check));
    check();
  });

  const started = Date.now();
  server.proc.kill("SIGTERM");
  const code = await server.proc.exited;
  const took = Date.now() - started;
  await Promise.all(loops);
  expect(code).toBe(0);
  expect(took).toBeLessThan(5000);
  for (const v of visitors) expect(v.socket.closed?.code).toBe(1001);

  // The rest of its output: JSON lines, the shutdown among them.
  const reader = (server.proc.stdout as ReadableStream<Uint8Array>).getReader();
  let out = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) out += new TextDecoder().decode(r.value);
  const rest = out.trim().split("\n").filter(Boolean);
  const entries = rest.map((line) => JSON.parse(line));
  for (const e of entries) expect(e).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
  expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));

  const wal = join(data, "parley.sqlite-wal");
  expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  const db = new Database(join(data, "parley.sqlite"), { readonly: true });
  const body = db.query("select body from messages where id = ?");
  const lost = [...acked].filter(([id, text]) => (body.get(id) as { body: string } | null)?.body !== text);
  expect(lost).toEqual([]);
  db.close();
  // Nothing listens any more.
  expect(await fetch(`${server.url}/healthz`).then(() => "answered", () => "refused")).toBe("refused");
}, 60_000);

test("a log line is one JSON object: time, level, message, fields, errors with their message and stack", () => {
  const line = formatLine("error", "route failed", { route: "/x", error: new Error("boom") }, new Date(0));
  expect(line).not.toContain("\n");
  const e = JSON.parse(line);
  expect(e).toMatchObject({ time: "1970-01-01T00:00:00.000Z", level: "error", msg: "route failed", route: "/x", error: { name: "Error", message: "boom" } });
  expect(e.error.stack).toContain("boom");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  expect(JSON.parse(formatLine("warn", "odd", { cyclic })).level).toBe("warn");
});
