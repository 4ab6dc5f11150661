// Import and export: reading JSON and CSV, the report of rejected rows, upserts, and round trips.
import { expect, test } from "bun:test";
import type { RobotEntry } from "../../src/robot/entries";
import { detectFormat, planImport, readFile, toExchange, writeFile, type ImportRow } from "../../src/robot/exchange";
import kb from "./fixtures/shop-kb.json";

function rows(text: string, format: "json" | "csv"): ImportRow[] {
  const read = readFile(text, format);
  if ("rejected" in read) throw new Error(JSON.stringify(read.rejected));
  return read.rows;
}

/** What a plan would store, as stored rows (for planning against "existing" entries). */
function stored(text: string, format: "json" | "csv", existing: RobotEntry[] = []): RobotEntry[] {
  const plan = planImport(existing, rows(text, format));
  expect(plan.rejected).toEqual([]);
  return plan.writes.map((w, i) => ({ id: `kb_${i}`, enterpriseId: "ent", key: w.key, ...w.fields, hits: 0, createdAt: i, updatedAt: i }));
}

test("the fixture imports cleanly, and exports and re-imports unchanged as JSON and as CSV", () => {
  const first = stored(JSON.stringify(kb), "json");
  expect(first.length).toBe(kb.length);
  expect(first.find((e) => e.key === "return-how")!.related).toEqual(["return-policy", "refund-time", "return-shipping-fee"]);
  for (const format of ["json", "csv"] as const) {
    const file = writeFile(toExchange(first), format);
    const again = stored(file, format);
    expect(toExchange(again)).toEqual(toExchange(first));
    // Against the entries already there, the same file updates every entry and adds none.
    const plan = planImport(first, rows(file, format));
    expect(plan.writes.every((w) => w.existing)).toBe(true);
  }
});

test("rows without a key update the entry with the same question, or get a new key", () => {
  const existing = stored('[{"key":"ship","question":"运费怎么算？","answer":"满 99 包邮","keywords":["运费"]}]', "json");
  const plan = planImport(existing, rows('question,answer,keywords\n运费怎么算,满 199 包邮,运费|邮费\n新的问题,新的答案,新\n', "csv"));
  expect(plan.rejected).toEqual([]);
  expect(plan.writes[0]).toMatchObject({ key: "ship", fields: { answer: "满 199 包邮", keywords: ["运费", "邮费"] } });
  expect(plan.writes[0]!.existing?.key).toBe("ship");
  expect(plan.writes[1]!.key).toMatch(/^q-/);
  expect(plan.writes[1]!.existing).toBeUndefined();
});

test("related entries may be named by key or by question, in the file or already stored", () => {
  const existing = stored('[{"key":"ship","question":"运费怎么算？","answer":"a","keywords":["运费"]}]', "json");
  const file = JSON.stringify([
    { key: "a", question: "问题甲", answer: "答", keywords: ["甲"], related: ["运费怎么算？", "b", "a"] },
    { key: "b", question: "问题乙", answer: "答", keywords: ["乙"], related: ["问题甲", "ship"] },
  ]);
  const plan = planImport(existing, rows(file, "json"));
  expect(plan.rejected).toEqual([]);
  expect(plan.writes.map((w) => w.fields.related)).toEqual([["ship", "b"], ["a", "ship"]]);
});

test("every rejected row is reported with its line and reason, and nothing is planned", () => {
  const csv = [
    "key,question,answer,keywords,related,category,enabled",
    "ok-1,好的问题,好的答案,好,,,",
    "ok-1,另一个问题,答案,词,,,", // duplicate key
    ",,没有问题,词,,,", // no question
    'bad key!,问题三,"答案",词,,,', // key with a space and !
    ",问题四,答案,,,,", // no keyword
    ",问题五,答案,词,不存在的问题,,", // unknown related
    ",问题六,答案,词,,,maybe", // enabled not a boolean
    ",好的问题,答案,词,,,", // same question as line 2
  ].join("\n");
  const plan = planImport([], rows(csv, "csv"));
  expect(plan.writes).toEqual([]);
  expect(plan.rejected.map((r) => [r.line, r.problem.key])).toEqual([
    [3, "robot.problem.duplicate_key"],
    [4, "robot.problem.question_empty"],
    [5, "robot.problem.key"],
    [6, "robot.problem.keywords_empty"],
    [7, "robot.problem.related_unknown"],
    [8, "robot.problem.enabled"],
    [9, "robot.problem.duplicate_question"],
  ]);
  expect(plan.rejected[0]!.problem.params).toEqual({ key: "ok-1", line: "2" });
});

test("JSON rows carry their line and their place in the array", () => {
  const json = '[\n  {"question": "一", "answer": "a", "keywords": ["k"]},\n  {"question": "", "answer": "a", "keywords": ["k"]},\n  "not an entry",\n  {"question": "四", "answer": "a", "keywords": "k"}\n]';
  const plan = planImport([], rows(json, "json"));
  expect(plan.rejected.map((r) => [r.line, r.item, r.problem.key])).toEqual([
    [3, 2, "robot.problem.question_empty"],
    [4, 3, "robot.problem.json_item"],
    [5, 4, "robot.problem.keywords_list"],
  ]);
});

test("problems with the whole file", () => {
  const whole = (text: string, format: "json" | "csv") => {
    const read = readFile(text, format);
    return "rejected" in read ? read.rejected.map((r) => [r.line, r.problem.key]) : planImport([], read.rows).rejected.map((r) => [r.line, r.problem.key]);
  };
  expect(whole("[{", "json")).toEqual([[0, "robot.problem.json_syntax"]]);
  expect(whole('{"question": "x"}', "json")).toEqual([[0, "robot.problem.json_array"]]);
  expect(whole("[]", "json")).toEqual([[0, "robot.problem.empty"]]);
  expect(whole("", "csv")).toEqual([[0, "robot.problem.csv_empty"]]);
  expect(whole("question,answer,keyword\n", "csv")).toEqual([[1, "robot.problem.csv_column"]]);
  expect(whole("question,answer\n", "csv")).toEqual([[1, "robot.problem.csv_missing"]]);
  expect(whole('question,answer,keywords\n"open,a,b\n', "csv")).toEqual([[2, "robot.problem.csv_quote"]]);
  expect(whole("question,answer,keywords\nq,a,k,extra\n", "csv")).toEqual([[2, "robot.problem.csv_cells"]]);
});

test("keywords in a CSV cell are separated by | or ;, the file format by name or content", () => {
  const [row] = rows("question,answer,keywords\n问,答,退货|退款; 换货\n", "csv");
  expect("input" in row! && row.input.keywords).toEqual(["退货", "退款", "换货"]);
  expect(detectFormat("kb.CSV", "[")).toBe("csv");
  expect(detectFormat("kb.json", "")).toBe("json");
  expect(detectFormat("upload", "\uFEFF  [ {} ]")).toBe("json");
  expect(detectFormat("upload", "question,answer")).toBe("csv");
});
