// `parley kb import|export` and `parley robot ask` as scripts use them (PRODUCT.md contracts).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEnterprise } from "../../src/accounts/setup";
import { openDatabase } from "../../src/db/client";
import { runCli } from "../helpers/process";
import { tempDir } from "../helpers/server";

const KB = join(import.meta.dir, "fixtures/shop-kb.json");
let data: string;
let files: string;

beforeAll(async () => {
  data = tempDir();
  files = tempDir("parley-kb-files-");
  const init = await runCli(["init", "--company", "Shop", "--email", "boss@shop.example", "--password", "secret-123", "--data", data]);
  expect(init.code).toBe(0);
});
afterAll(() => {
  rmSync(data, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const file = (name: string, content: string) => {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
};

test("kb import reads the JSON file and prints what it did", async () => {
  const r = await runCli(["kb", "import", KB, "--data", data]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ created: 49, updated: 0 });
});

test("robot ask prints exactly one JSON object with the decision", async () => {
  const answered = await runCli(["robot", "ask", "发票怎么开", "--data", data]);
  expect(answered.code).toBe(0);
  expect(answered.stdout.trim().split("\n").length).toBe(1);
  const d = JSON.parse(answered.stdout);
  expect(Object.keys(d)).toEqual(["match", "suggestions"]);
  expect(d.match).toEqual({ key: "invoice-issue", question: "怎么开发票？", score: expect.any(Number) });
  expect(d.match.score).toBeGreaterThanOrEqual(0.45);
  for (const s of d.suggestions) expect(Object.keys(s)).toEqual(["key", "question", "score"]);
  const silent = JSON.parse((await runCli(["robot", "ask", "今天天气怎么样", "--data", data])).stdout);
  expect(silent.match).toBeNull();
  // Small talk: no entry, and says so (an addition to the contract's object).
  expect(JSON.parse((await runCli(["robot", "ask", "好的谢谢", "--data", data])).stdout)).toEqual({ match: null, suggestions: [], smallTalk: "thanks" });
  const usage = await runCli(["robot", "ask", "--data", data]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("parley robot ask");
});

test("kb export prints JSON by default and CSV on request; both import back as updates", async () => {
  const json = await runCli(["kb", "export", "--data", data]);
  expect(json.code).toBe(0);
  const entries = JSON.parse(json.stdout);
  expect(entries.length).toBe(49);
  expect(entries[0]).toMatchObject({ key: "order-status", question: "怎么查询订单状态？", keywords: ["订单状态", "查订单", "订单查询", "我的订单"], related: ["ship-tracking", "order-cancel"] });
  const csv = await runCli(["kb", "export", "--format", "csv", "--data", data]);
  // (the byte-order mark for spreadsheets is there, but reading stdout as text drops it)
  expect(csv.stdout.replace(/^\uFEFF/, "").startsWith("key,question,answer,keywords,related,category,enabled,language,similar\r\n")).toBe(true);
  const back = await runCli(["kb", "import", file("kb.csv", csv.stdout), "--data", data]);
  expect(JSON.parse(back.stdout)).toEqual({ created: 0, updated: 49 });
  const again = await runCli(["kb", "export", "--data", data]);
  expect(JSON.parse(again.stdout)).toEqual(entries);
});

test("a file with bad rows: each reported by line on stderr, nothing imported, exit code 1", async () => {
  const bad = file("bad.csv", 'question,answer,keywords\n火星能配送吗,不能,火星\n,没有问题,词\n"多行\n的问题",答案,\n');
  const r = await runCli(["kb", "import", bad, "--data", data]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("line 3: The question is empty.");
  expect(r.stderr).toContain("line 4: Give at least one keyword.");
  expect(r.stderr).toContain("nothing was imported: 2 problems in bad.csv");
  const ask = JSON.parse((await runCli(["robot", "ask", "火星能配送吗", "--data", data])).stdout);
  expect(ask.match).toBeNull();
  const missing = await runCli(["kb", "import", join(files, "nope.json"), "--data", data]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("cannot read");
});

test("with several enterprises the command needs --enterprise", async () => {
  const db = openDatabase(data);
  const second = (await createEnterprise(db, { company: "Second", email: "two@second.example", password: "secret-123" })).enterpriseId;
  db.$client.close();
  const r = await runCli(["robot", "ask", "发票怎么开", "--data", data]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--enterprise ID");
  const theirs = JSON.parse((await runCli(["robot", "ask", "发票怎么开", "--enterprise", second, "--data", data])).stdout);
  expect(theirs).toEqual({ match: null, suggestions: [] });
  expect((await runCli(["kb", "export", "--enterprise", "ent_nope", "--data", data])).code).toBe(2);
});
