// parley backup / parley restore (docs/operations.md): a copy taken while visitors write is whole.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TarWriter } from "../../src/ops/tar";
import { PNG } from "../helpers/files";
import { runCli, serveProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { randomVisitorId, visitorSocket } from "../helpers/sockets";

const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const VISITORS = 200;

test("a backup taken while 200 visitors write restores whole: integrity_check ok, every message acknowledged before it began, the uploads", async () => {
  const data = dir();
  const init = JSON.parse((await runCli(["init", "--company", "Backup Co", "--email", "b@example.com", "--password", "backup-pass", "--data", data])).stdout);
  const server = await serveProcess(data, ["--sockets-per-address", "1000", "--frames-per-address", "1000000"]);
  const ws = server.url.replace("http", "ws");

  // An upload, so the archive has a file to carry.
  const form = new FormData();
  form.append("site", init.siteKey);
  form.append("vid", randomVisitorId());
  form.append("file", new Blob([PNG]), "shot.png");
  expect((await fetch(`${server.url}/api/widget/uploads`, { method: "POST", body: form })).status).toBe(201);
  const [stored] = readdirSync(join(data, "attachments"));

  const visitors = await Promise.all(Array.from({ length: VISITORS }, () => visitorSocket(ws, init.siteKey)));
  const acked = new Map<number, string>();
  let writing = true;
  let waiters: (() => void)[] = [];
  const loops = visitors.map(async (v, i) => {
    for (let n = 0; writing; n++) {
      const text = `v${i} m${n}`;
      v.socket.send({ type: "message", clientId: text, text });
      const ack = await v.socket.next("ack", (a) => a.clientId === text, 15_000);
      acked.set(ack.id, text);
      for (const w of waiters.splice(0)) w();
      // Within the per-socket frame rate (10/s), so no message is refused.
      await Bun.sleep(150);
    }
  });
  const untilAcked = (n: number) => new Promise<void>((resolve) => {
    const check = () => (acked.size >= n ? resolve() : waiters.push(check));
    check();
  });

  await untilAcked(VISITORS * 2);
  const before = new Map(acked);
  const file = join(dir(), "parley.tar");
  const made = await runCli(["backup", file, "--data", data]);
  expect(made.stderr).toBe("");
  expect(made.code).toBe(0);
  expect(JSON.parse(made.stdout)).toMatchObject({ file, files: 1 });
  // The visitors kept writing while the copy was taken.
  await untilAcked(before.size + VISITORS);
  writing = false;
  await Promise.all(loops);

  // The live data directory is refused: its server has the database open.
  const busy = await runCli(["restore", file, "--data", data, "--force"]);
  expect(busy.code).toBe(1);
  expect(busy.stderr).toContain("in use");
  for (const v of visitors) v.socket.close();
  expect(await server.stop()).toBe(0);

  const target = join(dir(), "restored");
  const put = await runCli(["restore", file, "--data", target]);
  expect(put.stderr).toBe("");
  expect(put.code).toBe(0);
  expect(JSON.parse(put.stdout)).toMatchObject({ files: 1 });
  expect(readFileSync(join(target, "attachments", stored!))).toEqual(Buffer.from(PNG));

  const db = new Database(join(target, "parley.sqlite"), { readonly: true });
  expect(db.query("PRAGMA integrity_check").all()).toEqual([{ integrity_check: "ok" }]);
  const text = db.query("select body as text from messages where id = ?");
  const missing = [...before].filter(([id, t]) => (text.get(id) as { text: string } | null)?.text !== t);
  expect(missing).toEqual([]);
  db.close();

  // The restored directory serves.
  const again = await serveProcess(target);
  expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
  expect(await again.stop()).toBe(0);
}, 120_000);

test("restore refuses a data directory with data unless --force, and anything that is not a backup", async () => {
  const data = dir();
  await runCli(["init", "--company", "Small Co", "--email", "s@example.com", "--password", "small-pass", "--data", data]);
  const file = join(dir(), "small.tar");
  expect((await runCli(["backup", file, "--data", data])).code).toBe(0);
  // Never over an existing file.
  const twice = await runCli(["backup", file, "--data", data]);
  expect(twice.code).toBe(1);
  expect(twice.stderr).toContain("already exists");

  const target = dir();
  writeFileSync(join(target, "notes.txt"), "mine");
  const refused = await runCli(["restore", file, "--data", target]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("--force");
  expect(existsSync(join(target, "parley.sqlite"))).toBe(false);
  const forced = await runCli(["restore", file, "--force", "--data", target]);
  expect(forced.code).toBe(0);
  const db = new Database(join(target, "parley.sqlite"), { readonly: true });
  expect((db.query("select name from enterprises").get() as { name: string }).name).toBe("Small Co");
  db.close();
  // The staging folder is gone.
  expect(readdirSync(target).filter((n) => n.startsWith(".restore-"))).toEqual([]);

  const junk = join(dir(), "junk.tar");
  writeFileSync(junk, "not a tar at all".repeat(100));
  const bad = await runCli(["restore", junk, "--data", dir()]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/damaged|truncated|not a Parley backup/);
  const noFile = await runCli(["restore", "--data", dir()]);
  expect(noFile.code).toBe(2);
});

test("restore refuses a backup from a newer Parley and an archive with entries outside the data directory", async () => {
  const data = dir();
  await runCli(["init", "--company", "Tar Co", "--email", "t@example.com", "--password", "tar-pass-1", "--data", data]);
  const good = join(dir(), "good.tar");
  expect((await runCli(["backup", good, "--data", data])).code).toBe(0);
  const { readTar } = await import("../../src/ops/tar");
  // Each entry's bytes are read while the archive is open (the reader closes it at the end).
  const entries: { name: string; bytes: Buffer }[] = [];
  for (const e of readTar(good)) entries.push({ name: e.name, bytes: e.bytes() });
  const manifest = JSON.parse(entries[0]!.bytes.toString("utf8"));

  const rewrite = (name: string, change: (list: { name: string; bytes: Buffer }[]) => { name: string; bytes: Buffer }[]) => {
    const path = join(dir(), name);
    const w = new TarWriter(path);
    for (const e of change(entries.map((e) => ({ ...e })))) w.addBytes(e.name, e.bytes);
    w.close();
    return path;
  };
  const newer = rewrite("newer.tar", (list) => [{ name: list[0]!.name, bytes: Buffer.from(JSON.stringify({ ...manifest, migrations: 9999, version: "99.0.0" })) }, ...list.slice(1)]);
  const refused = await runCli(["restore", newer, "--data", join(dir(), "a")]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("newer Parley");

  const target = join(dir(), "b");
  const escape = rewrite("escape.tar", (list) => [...list, { name: "attachments/../../evil.sh", bytes: Buffer.from("rm -rf /") }]);
  const evil = await runCli(["restore", escape, "--data", target]);
  expect(evil.code).toBe(1);
  expect(evil.stderr).toContain("unexpected entry");
  expect(existsSync(join(target, "parley.sqlite"))).toBe(false);
  expect(existsSync(join(dir(), "evil.sh"))).toBe(false);
});
