// The tokenizer: one reading for entries and visitor text alike.
import { expect, test } from "bun:test";
import { FIRMS } from "./evaluate-firms";
import { analyze, CONCEPT_MARK, literalForm, normalize, SOUND_MARK, stem, tokenize, unitCount } from "../../src/robot/tokenize";

test("normalizes width, case, traditional characters, variants and punctuation", () => {
  expect(normalize("ＡＢＣ１２３，请问？")).toBe("abc123 请问");
  expect(normalize("退貨怎麼辦理")).toBe("退货怎么办理");
  expect(normalize("Hello,World!  “运费”…")).toBe("hello world 运费");
  expect(normalize("我的帐户")).toBe("我的账号");
  expect(normalize("退款多久到帐")).toBe("退款多久到账");
});

test("traditional forms that the conversion table gives only as variants are read too; simplified words that share a character are not changed", () => {
  expect(normalize("旅遊訂單裡的收據")).toBe("旅游订单里的收据");
  expect(normalize("收到後一週內")).toBe("收到后一周内");
  expect(normalize("為什麽")).toBe("为什么");
  expect(normalize("著名的乾隆")).toBe("著名的乾隆");
});

test("Chinese without spaces: segmenter words and character bigrams, stopwords dropped", () => {
  const terms = tokenize("请问怎么开发票？");
  expect(terms).toContain("发票");
  expect(terms).toContain("开发");
  expect(terms).not.toContain("怎么");
  expect(terms).not.toContain("请问");
  expect(tokenize("信用卡分期")).toContain("信用卡");
  // A stopword inside a phrase does not break its content apart: 退个货 still says 退货.
  expect(tokenize("我想退个货")).toContain("退货");
});

test("the same text gives the same terms whether indexed or asked", () => {
  for (const s of ["运费怎么算？", "Where is my refund?", "iphone15 能用花呗分期吗", "退貨"]) expect(tokenize(s)).toEqual(tokenize(s));
  expect(tokenize("退貨怎麼辦")).toEqual(tokenize("退货怎么办"));
  expect(tokenize("ＶＩＰ会员")).toEqual(tokenize("vip会员"));
});

test("homophones share a sound term, so a pinyin-keyboard slip still meets the word", () => {
  const sound = (s: string) => tokenize(s).filter((t) => t.startsWith(SOUND_MARK));
  expect(sound("发漂")).toEqual(sound("发票"));
  expect(sound("发漂")).not.toEqual(sound("发货"));
});

test("English: lower case, stopwords dropped, light stemming", () => {
  expect(tokenize("How do I return the items?").filter((t) => !t.startsWith(CONCEPT_MARK))).toEqual(["return", "item"]);
  expect(stem("refunds")).toBe(stem("refund"));
  expect(stem("refunded")).toBe(stem("refunding"));
  expect(stem("shipping")).toBe(stem("ship"));
  expect(stem("deliveries")).toBe("delivery");
  expect(stem("address")).toBe(stem("addresses"));
});

test("mixed text keeps both scripts and numbers", () => {
  const terms = tokenize("110V的电器能在美国用吗");
  expect(terms).toContain("110v");
  expect(terms).toContain("电器");
  expect(terms).toContain("美国");
  // VIP is read as 会员 (a built-in synonym), on entries and visitor text alike.
  expect(tokenize("双十一有VIP折扣吗")).toContain("会员");
});

test("units and spans: each term says which part of the text it covers", () => {
  const a = analyze("发票 refund");
  expect(a.units).toEqual(["发", "票", "refund"]);
  const gram = a.terms.find((t) => t.text === "发票")!;
  expect([gram.from, gram.to]).toEqual([0, 2]);
  expect(a.terms.find((t) => t.text === "refund")).toMatchObject({ from: 2, to: 3, kind: "word" });
  expect(analyze("？！。").units).toEqual([]);
});

test("a keyword's literal form drops trailing particles", () => {
  expect(literalForm("有货吗")).toBe("有货");
  expect(literalForm("坏了")).toBe("坏");
  expect(literalForm("七天无理由")).toBe("七天无理由");
});

test("concepts: a word of a group (concepts.ts) adds the group's term, on entries and visitor text alike, in either language", () => {
  const concepts = (s: string) => tokenize(s).filter((t) => t.startsWith(CONCEPT_MARK));
  const shared = (a: string, b: string) => concepts(a).some((c) => concepts(b).includes(c));
  expect(shared("能用银联卡吗", "支持支付宝吗")).toBe(true);
  expect(shared("密码想不起来了", "忘记密码")).toBe(true);
  expect(shared("do you ship overseas", "海外能寄吗")).toBe(true);
  expect(shared("退款多久到账", "怎么开发票")).toBe(false);
  // A concept term covers the units of its word, for the matcher's coverage.
  const a = analyze("收到的杯子有裂缝");
  expect(a.terms.some((t) => t.kind === "concept" && a.units.slice(t.from, t.to).join("") === "裂")).toBe(true);
  // The words it adds are nothing else: no written term changes.
  expect(tokenize("能用银联卡吗").filter((t) => !t.startsWith(CONCEPT_MARK))).toEqual(tokenize("能用银联卡吗").filter((t) => !t.startsWith(CONCEPT_MARK)));
});

test("unitCount is the number of units analyze reads, without making the terms (the main set's visitor sentences and the firms' entries)", () => {
  const texts = FIRMS.flatMap((f) => [
    ...f.visitors.answerable.map(([text]) => text),
    ...f.visitors.unanswerable.map(([text]) => text),
    ...f.kb.flatMap((e) => [e.question, e.answer]),
  ]);
  expect(texts.length).toBeGreaterThan(400);
  for (const text of texts) expect([text, unitCount(text)]).toEqual([text, analyze(text).units.length]);
});
