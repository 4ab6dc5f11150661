// RobotService on a real SQLite file: the API the chat core calls, the learning loop, whole-file
// imports, and an index that notices another process's writes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { initCompany } from "../../src/accounts/setup";
import { createEnterprise } from "../../src/accounts/setup";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { robotActive, robotAllowed } from "../../src/robot/allowed";
import { isProblem } from "../../src/robot/entries";
import { RobotService, robotService } from "../../src/robot/service";
import { tempDir } from "../helpers/server";
import kb from "./fixtures/shop-kb.json";

let dir: string;
let db: Db;
let robot: RobotService;
let ent: string;
let other: string;

beforeAll(async () => {
  dir = tempDir("parley-robot-");
  db = openDatabase(dir);
  runMigrations(db);
  ent = (await initCompany(db, { company: "Shop", email: "a@shop.example", password: "secret-pass-1" })).enterpriseId;
  other = (await createEnterprise(db, { company: "Other", email: "b@other.example", password: "secret-pass-1" })).enterpriseId;
  robot = robotService(db);
  expect(robot.importFile(ent, JSON.stringify(kb), "json")).toEqual({ created: kb.length, updated: 0, rejected: [] });
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

test("one service per database", () => {
  expect(robotService(db)).toBe(robot);
});

test("reply: an answer with its related questions, recorded as answered", () => {
  const r = robot.reply(ent, { conversationId: "cnv_1", siteId: "site_1", text: "发票怎么开" });
  expect(r.answer?.key).toBe("invoice-issue");
  expect(r.answer?.answer).toContain("电子发票");
  expect(r.answer?.related.map((q) => q.key)).toEqual(["invoice-vat", "invoice-change"]);
  expect(robot.stored(ent, "invoice-issue")!.hits).toBe(1);
  expect(robot.resolvedShare(ent)).toEqual({ conversations: 1, resolved: 1, share: 1 });
});

test("reply: nothing known, recorded as unanswered and grouped by normalized text", () => {
  const r = robot.reply(ent, { conversationId: "cnv_2", text: "你们老板叫什么？" });
  expect(r.answer).toBeNull();
  robot.reply(ent, { conversationId: "cnv_3", text: "你们老板叫什么" });
  robot.reply(ent, { conversationId: "cnv_3", text: "今天天气好吗" });
  const groups = robot.unanswered(ent);
  expect(groups.map((g) => [g.example, g.count])).toEqual([
    ["你们老板叫什么", 2],
    ["今天天气好吗", 1],
  ]);
  // Conversations where the robot never answered do not count as resolved.
  expect(robot.resolvedShare(ent)).toEqual({ conversations: 3, resolved: 1, share: 1 / 3 });
  expect(robot.unanswered(other)).toEqual([]);
});

test("pick and hand-off: a picked question is an answer; a person taking over means not resolved by the robot", () => {
  expect(robot.pick(ent, { conversationId: "cnv_4", key: "ship-fee" })?.question).toBe("运费怎么算？");
  expect(robot.pick(ent, { conversationId: "cnv_4", key: "nope" })).toBeNull();
  robot.handOff(ent, { conversationId: "cnv_4" });
  robot.handOff(ent, { conversationId: "cnv_4" });
  const s = robot.resolvedShare(ent);
  expect([s.conversations, s.resolved]).toEqual([4, 1]);
});

test("greeting: the most asked questions first, then the knowledge base's order", () => {
  robot.recordHit(ent, "invoice-issue");
  expect(robot.greeting(ent, 3).map((q) => q.key)).toEqual(["invoice-issue", "ship-fee", "order-status"]);
  expect(robot.greeting(other)).toEqual([]);
});

test("edits reach the robot at once: save, switch off, delete", () => {
  const saved = robot.save(ent, null, { key: "gift-card", question: "礼品卡怎么用？", answer: "结算时输入卡号。", keywords: ["礼品卡"], related: ["coupon-use"] });
  expect(isProblem(saved)).toBe(false);
  expect(robot.ask(ent, "礼品卡在哪里用").match?.key).toBe("gift-card");
  robot.setEnabled(ent, "gift-card", false);
  expect(robot.ask(ent, "礼品卡在哪里用").match?.key).not.toBe("gift-card");
  expect(robot.entry(ent, "gift-card")).toBeNull();
  robot.setEnabled(ent, "gift-card", true);
  robot.save(ent, "coupon-use", { ...robot.stored(ent, "coupon-use")!, related: ["gift-card"] });
  expect(robot.related(ent, "coupon-use").map((q) => q.key)).toEqual(["gift-card"]);
  robot.remove(ent, "gift-card");
  expect(robot.ask(ent, "礼品卡在哪里用").match?.key).not.toBe("gift-card");
  expect(robot.stored(ent, "coupon-use")!.related).toEqual([]);
  // Another enterprise's robot knows none of it.
  expect(robot.ask(other, "发票怎么开").match).toBeNull();
});

test("save refuses bad input with a reason and keeps keys unique", () => {
  expect(robot.save(ent, null, { key: "ship-fee", question: "q", answer: "a", keywords: ["k"] })).toMatchObject({ key: "robot.problem.key_taken" });
  expect(robot.save(ent, null, { question: "q", answer: "a", keywords: ["k"], related: ["missing"] })).toMatchObject({ key: "robot.problem.related_unknown" });
  expect(robot.save(ent, null, { question: "q", answer: "a", keywords: [" ", ""] })).toMatchObject({ key: "robot.problem.keywords_empty" });
  expect(robot.save(ent, "missing", { question: "q", answer: "a", keywords: ["k"] })).toMatchObject({ key: "robot.problem.not_found" });
});

test("an import with one bad row writes nothing", () => {
  const before = robot.exportFile(ent, "json");
  const file = JSON.stringify([{ key: "ship-fee", question: "运费怎么算？", answer: "全部包邮", keywords: ["运费"] }, { question: "", answer: "x", keywords: ["y"] }]);
  const r = robot.importFile(ent, file, "json");
  expect(r.rejected.map((x) => x.item)).toEqual([2]);
  expect(robot.exportFile(ent, "json")).toBe(before);
  expect(robot.entry(ent, "ship-fee")!.answer).not.toBe("全部包邮");
});

test("a write by another process (parley kb import beside the server) reaches the running robot", () => {
  expect(robot.ask(ent, "能开收据吗").match).toBeNull();
  const elsewhere = openDatabase(dir);
  try {
    expect(new RobotService(elsewhere).importFile(ent, "question,answer,keywords\n可以开收据吗？,可以，下单时备注。,收据\n", "csv").created).toBe(1);
  } finally {
    elsewhere.$client.close();
  }
  expect(robot.ask(ent, "能开收据吗").match?.question).toBe("可以开收据吗？");
});

test("the robot serves a site when its enterprise has it and the site's switch is on", () => {
  expect(robotAllowed("company", db, { id: ent })).toBe(true);
  // In platform mode only while the add-on is paid (test/integration/seat-service.test.ts buys it).
  expect(robotAllowed("platform", db, { id: ent })).toBe(false);
  expect(robotActive("company", db, { enterpriseId: ent, robotEnabled: true })).toBe(true);
  expect(robotActive("company", db, { enterpriseId: ent, robotEnabled: false })).toBe(false);
  expect(robotActive("platform", db, { enterpriseId: ent, robotEnabled: true })).toBe(false);
});

test("warm-up builds the indexes ahead of the first question; writes during and after it reach them", async () => {
  const fresh = new RobotService(db);
  await fresh.warm();
  expect((fresh as unknown as { indexes: Map<string, unknown> }).indexes.has(ent)).toBe(true);
  expect(fresh.ask(ent, "发票怎么开").match?.key).toBe("invoice-issue");
  const racing = new RobotService(db);
  const warming = racing.warm();
  racing.save(ent, "hours", { ...racing.stored(ent, "hours")!, keywords: ["工作时间", "营业时间", "夜班"] });
  await warming;
  expect(racing.ask(ent, "夜班有人吗").match?.key).toBe("hours");
});

test("language and similar questions: detected or set, stored, matched, exported and imported back", () => {
  const en = robot.save(ent, null, { key: "en-invoice", question: "How do I get an invoice?", answer: "Ask for it in your order.", keywords: ["invoice", "receipt"] });
  if (isProblem(en)) throw new Error(en.key);
  expect(en.language).toBeNull();
  const set = robot.save(ent, null, { key: "sf", question: "能发顺丰吗？", answer: "可以，补差价。", keywords: ["顺丰"], language: "zh", similar: ["可以寄顺丰吗", " 可以寄顺丰吗 ", "能发顺丰吗？"] });
  if (isProblem(set)) throw new Error(set.key);
  expect(set.similar).toEqual(["可以寄顺丰吗"]);
  expect(isProblem(robot.save(ent, null, { question: "q", answer: "a", keywords: ["k"], language: "fr" }))).toBe(true);
  // The greeting is in the visitor's language.
  expect(robot.greeting(ent, 100, "en").map((q) => q.key)).toEqual(["en-invoice"]);
  expect(robot.greeting(ent, 100, "zh").map((q) => q.key)).not.toContain("en-invoice");
  // Exported with its language (detected where not set) and similar questions, and read back.
  const exported = JSON.parse(robot.exportFile(ent, "json")) as { key: string; language: string; similar: string[] }[];
  expect(exported.find((e) => e.key === "en-invoice")).toMatchObject({ language: "en", similar: [] });
  expect(exported.find((e) => e.key === "sf")).toMatchObject({ language: "zh", similar: ["可以寄顺丰吗"] });
  const csv = robot.exportFile(ent, "csv");
  expect(csv).toContain(",zh,可以寄顺丰吗\r\n");
  robot.remove(ent, "sf");
  robot.remove(ent, "en-invoice");
  expect(robot.importFile(ent, csv, "csv")).toMatchObject({ created: 2, rejected: [] });
  expect(robot.stored(ent, "sf")).toMatchObject({ language: "zh", similar: ["可以寄顺丰吗"] });
  expect(robot.stored(ent, "en-invoice")).toMatchObject({ language: "en" });
  robot.remove(ent, "sf");
  robot.remove(ent, "en-invoice");
});
