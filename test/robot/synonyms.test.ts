// Synonyms: the built-in list (variants, colloquial words, abbreviations, regional and traditional
// words that character conversion misses) and an enterprise's own, applied by the one tokenizer to
// entries and visitor text alike; changing the own list re-reads the knowledge base at once.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { initCompany } from "../../src/accounts/setup";
import { openDatabase, type Db } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { isProblem } from "../../src/robot/entries";
import { KnowledgeIndex } from "../../src/robot/matcher";
import { robotService, type RobotService } from "../../src/robot/service";
import { normalize, synonymTable } from "../../src/robot/tokenize";
import { tempDir } from "../helpers/server";

test("built-in: abbreviations and brand shorthand, as whole words only", () => {
  expect(normalize("能发sf吗")).toBe("能发顺丰吗");
  expect(normalize("SF express 几天到")).toBe("顺丰 几天到");
  expect(normalize("怎么开2FA")).toBe("怎么开两步验证");
  expect(normalize("VIP有什么好处")).toBe("会员有什么好处");
  expect(normalize("pro版多少钱")).toBe("专业版价格");
  // Inside another word a Latin abbreviation stays: "sf" in "sfx", "pro" in "project".
  expect(normalize("sfx project")).toBe("sfx project");
});

test("built-in: regional and traditional words that character conversion misses, colloquial words", () => {
  expect(normalize("軟體怎麼下載")).toBe("软件怎么下载");
  expect(normalize("收不到簡訊")).toBe("没收到短信");
  expect(normalize("超商取貨可以嗎")).toBe("便利店自提可以吗");
  expect(normalize("码数不对")).toBe("尺码不对");
  expect(normalize("是不是崩了")).toBe("是不是宕机");
  // Longest first, and guarded words keep their meaning: 支付宝 is not 付款宝.
  expect(normalize("支付宝支付")).toBe("支付宝付款");
  expect(normalize("支付方式")).toBe("付款方式");
});

test("synonyms apply to entries and visitor text alike: a visitor's word finds an entry written with another", () => {
  const index = new KnowledgeIndex();
  index.put({ id: "1", key: "courier", question: "用什么快递？", answer: "默认中通，可选顺丰。", keywords: ["快递公司", "顺丰"], category: "", related: [], hits: 0, order: 0 });
  index.put({ id: "2", key: "2fa", question: "怎么开启两步验证？", answer: "在安全设置里开启。", keywords: ["两步验证"], category: "", related: [], hits: 0, order: 1 });
  index.put({ id: "3", key: "stock", question: "缺货的什么时候补？", answer: "两周。", keywords: ["补货", "缺货"], category: "", related: [], hits: 0, order: 2 });
  expect(index.ask("能发sf吗").match?.key).toBe("courier");
  expect(index.ask("2fa怎么开").match?.key).toBe("2fa");
  expect(index.ask("黑色的卖完了吗").match?.key).toBe("stock");
  // Without the built-in list, none of these is answered.
  const bare = new KnowledgeIndex(synonymTable([]));
  bare.put({ id: "1", key: "courier", question: "用什么快递？", answer: "默认中通，可选顺丰。", keywords: ["快递公司", "顺丰"], category: "", related: [], hits: 0, order: 0 });
  expect(bare.ask("能发sf吗").match).toBeNull();
});

let dir: string;
let db: Db;
let robot: RobotService;
let ent: string;

beforeAll(async () => {
  dir = tempDir("parley-synonyms-");
  db = openDatabase(dir);
  runMigrations(db);
  ent = (await initCompany(db, { company: "Shop", email: "a@shop.example", password: "secret-pass-1" })).enterpriseId;
  robot = robotService(db);
  robot.importFile(ent, JSON.stringify([{ key: "installment", question: "可以分期付款吗？", answer: "可以用花呗分期。", keywords: ["分期", "花呗"] }]), "json");
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

test("an enterprise's own synonyms: added, checked, and the knowledge base re-read at once", () => {
  expect(robot.ask(ent, "能用京东白条吗").match).toBeNull();
  const saved = robot.saveSynonym(ent, "分期", "白条，京东白条; 分几期");
  if (isProblem(saved)) throw new Error(saved.key);
  expect(saved.equivalents).toEqual(["白条", "京东白条", "分几期"]);
  expect(robot.ask(ent, "能用京东白条吗").match?.key).toBe("installment");
  // The same word again replaces its list.
  robot.saveSynonym(ent, "分期", "白条");
  expect(robot.synonyms(ent).map((s) => [s.word, s.equivalents])).toEqual([["分期", ["白条"]]]);
  expect(isProblem(robot.saveSynonym(ent, "", "x"))).toBe(true);
  expect(isProblem(robot.saveSynonym(ent, "分期", "分期, 分期"))).toBe(true);
  expect(isProblem(robot.saveSynonym(ent, "分期", "x".repeat(21)))).toBe(true);
  expect(robot.deleteSynonym(ent, saved.id)).toBe(true);
  expect(robot.deleteSynonym(ent, saved.id)).toBe(false);
  expect(robot.ask(ent, "能用京东白条吗").match).toBeNull();
});

test("a large knowledge base is re-read in the background: questions are answered from the old index until the new one is ready", async () => {
  const many = Array.from({ length: 400 }, (_, i) => ({ key: `filler-${i}`, question: `第${i}号商品的保修期多久？`, answer: "一年。", keywords: [`商品${i}`] }));
  expect(robot.importFile(ent, JSON.stringify(many), "json").rejected).toEqual([]);
  expect(robot.ask(ent, "能用京东白条吗").match).toBeNull();
  const saved = robot.saveSynonym(ent, "分期", "白条");
  if (isProblem(saved)) throw new Error(saved.key);
  // Not yet: the old index answers while the new one is built.
  expect(robot.ask(ent, "能用京东白条吗").match).toBeNull();
  await robot.rebuilding;
  expect(robot.ask(ent, "能用京东白条吗").match?.key).toBe("installment");
  // An entry saved during a rebuild is in the index that replaces the old one.
  robot.deleteSynonym(ent, saved.id);
  robot.save(ent, null, { key: "late", question: "可以用礼品卡吗？", answer: "可以。", keywords: ["礼品卡"] });
  await robot.rebuilding;
  expect(robot.ask(ent, "礼品卡能用吗").match?.key).toBe("late");
  expect(robot.ask(ent, "能用京东白条吗").match).toBeNull();
});
