import { expect, test } from "bun:test";
import { formsDiffer, formsOf, HOW, HOW_MUCH, WHEN, WHICH, YES_NO } from "../../src/robot/forms";
import { KnowledgeIndex } from "../../src/robot/matcher";

test("what a question asks: whether, how (or where), when, how much, which", () => {
  expect(formsOf("支持七天无理由退货吗？")).toBe(YES_NO);
  expect(formsOf("收不收银联卡")).toBe(YES_NO);
  expect(formsOf("怎么申请退货？")).toBe(HOW);
  expect(formsOf("在哪里点退货")).toBe(HOW);
  expect(formsOf("付款失败怎么办？")).toBe(HOW);
  expect(formsOf("签证要办多久？")).toBe(WHEN);
  expect(formsOf("什么时候发货")).toBe(WHEN);
  expect(formsOf("你们几点上班吗")).toBe(WHEN);
  expect(formsOf("运费多少钱")).toBe(HOW_MUCH);
  expect(formsOf("支持哪些付款方式？")).toBe(WHICH);
  expect(formsOf("数据安全吗？存在哪里？")).toBe(HOW);
  expect(formsOf("有哪些套餐，价格多少？")).toBe(HOW_MUCH | WHICH);
  expect(formsOf("how long does a refund take")).toBe(WHEN);
  expect(formsOf("Can I export my data?")).toBe(YES_NO);
  expect(formsOf("I forgot my password")).toBe(0);
});

test("which entry forms answer which questions", () => {
  expect(formsDiffer(HOW, YES_NO)).toBe(true);
  expect(formsDiffer(YES_NO, HOW)).toBe(false); // 能开票吗: 怎么开发票
  expect(formsDiffer(YES_NO, WHEN)).toBe(true);
  expect(formsDiffer(YES_NO, WHICH)).toBe(false); // 支持银联卡吗: 支持哪些付款方式
  expect(formsDiffer(0, WHEN)).toBe(false);
  expect(formsDiffer(WHEN, 0)).toBe(false);
});

test("between close entries on one topic, the form of the question decides; alone, an entry answers in any form", () => {
  const index = new KnowledgeIndex();
  const put = (key: string, question: string, keywords: string[], order: number) =>
    index.put({ id: key, key, question, answer: "…", keywords, category: "签证", related: [], hits: 0, order });
  put("visa-service", "能代办签证吗？", ["签证", "代办签证"], 0);
  put("visa-time", "签证要办多久？", ["签证多久", "办签", "出签时间"], 1);
  expect(index.ask("办签证要几天").match?.key).toBe("visa-time");
  expect(index.ask("你们能帮忙办签证吗").match?.key).toBe("visa-service");
  const one = new KnowledgeIndex();
  one.put({ id: "i", key: "invoice", question: "怎么开发票？", answer: "…", keywords: ["发票", "开票"], category: "", related: [], hits: 0, order: 0 });
  expect(one.ask("能开发票吗").match?.key).toBe("invoice");
});
