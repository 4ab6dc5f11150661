// The matcher's decisions: answer above the threshold, silence below it or on a tie, keywords over
// question words, typo and homophone tolerance, and an index that follows each edit at once.
import { expect, test } from "bun:test";
import { ANSWER_THRESHOLD, KnowledgeIndex, SUGGEST_THRESHOLD, type IndexEntry } from "../../src/robot/matcher";
import { rareNoun } from "../../src/robot/confidence";
import { grammatical } from "../../src/robot/stopwords";
import { FIRMS, firmIndex } from "./evaluate-firms";

/** put(key, question, answer, keywords, order): an entry with no category, related entries or hits. */
const entryPutter = (index: KnowledgeIndex) => (key: string, question: string, answer: string, keywords: string[], order: number) =>
  index.put({ id: key, key, question, answer, keywords, category: "", related: [], hits: 0, order });

let order = 0;
const entry = (key: string, question: string, keywords: string[], extra: Partial<IndexEntry> = {}): IndexEntry => ({
  id: `id-${key}`,
  key,
  question,
  answer: extra.answer ?? `${question} 的答案。`,
  keywords,
  category: "",
  related: [],
  hits: 0,
  order: order++,
  ...extra,
});

function index(...entries: IndexEntry[]): KnowledgeIndex {
  const i = new KnowledgeIndex();
  for (const e of entries) i.put(e);
  return i;
}

const shop = () =>
  index(
    entry("returns", "如何申请退货？", ["退货", "申请退货"], { related: ["refund", "gone"] }),
    entry("refund", "退款多久到账？", ["退款", "refund"]),
    entry("invoice", "怎么开发票？", ["发票", "开票", "invoice"]),
    entry("points", "会员积分怎么兑换礼品？", ["积分", "积分兑换"]),
    entry("giftcard", "礼品卡怎么用？", ["礼品卡", "购物卡"]),
    entry("hours", "客服几点上班？", ["工作时间", "营业时间"]),
  );

test("the question itself is answered, with other likely entries as suggestions", () => {
  const d = shop().ask("如何申请退货？");
  expect(d.match).toEqual({ key: "returns", question: "如何申请退货？", score: 1 });
  expect(d.suggestions.every((s) => s.key !== "returns")).toBe(true);
});

test("a visitor's colloquial wording with the firm's keyword is answered", () => {
  expect(shop().ask("我买的锅不想要了，想退货怎么弄")?.match?.key).toBe("returns");
  expect(shop().ask("营业时间是几点到几点")?.match?.key).toBe("hours");
});

test("a keyword outweighs question words that only look alike", () => {
  // 兑换 and 礼品 are words of the points entry's question; 礼品卡 is the gift-card entry's keyword.
  expect(shop().ask("礼品卡能兑换吗")?.match?.key).toBe("giftcard");
});

test("below the threshold the robot is silent and offers what it has", () => {
  const d = shop().ask("今天天气怎么样");
  expect(d.match).toBeNull();
  expect(d.suggestions).toEqual([]);
  expect(shop().ask("？？？！")).toEqual({ match: null, suggestions: [] });
  // One word shared with an entry, among words no entry knows, is not enough to answer.
  const weak = shop().ask("礼品包装收费");
  expect(weak.match).toBeNull();
  expect(weak.suggestions.length).toBeGreaterThan(0);
  for (const s of weak.suggestions) expect(s.score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
  expect(weak.suggestions.map((s) => s.score)).toEqual([...weak.suggestions.map((s) => s.score)].sort((a, b) => b - a));
  for (const text of ["退款多久到账", "积分兑换", "开票"]) expect(shop().ask(text).match!.score).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
});

test("two entries that explain the text equally well: no answer, both offered", () => {
  const i = index(entry("a", "怎么修改收货地址？", ["收货地址"]), entry("b", "收货地址可以修改吗？", ["收货地址"]));
  const d = i.ask("收货地址");
  expect(d.match).toBeNull();
  expect(d.suggestions.map((s) => s.key).sort()).toEqual(["a", "b"]);
});

test("typos in English and homophones in Chinese are tolerated", () => {
  expect(shop().ask("when do I get my refnd")?.match?.key).toBe("refund");
  expect(shop().ask("发漂怎么开")?.match?.key).toBe("invoice");
  expect(shop().ask("退貨怎麼申請")?.match?.key).toBe("returns");
});

test("the index follows edits at once: add, change keywords, disable (remove), delete", () => {
  const i = shop();
  expect(i.ask("运费险怎么买").match).toBeNull();
  i.put(entry("insurance", "有运费险吗？", ["运费险"]));
  expect(i.ask("运费险怎么买").match?.key).toBe("insurance");
  // Editing the same entry (same id) replaces it: the old keyword no longer leads to it.
  i.put(entry("insurance", "礼盒包装怎么收费？", ["礼盒"], { id: "id-insurance" }));
  expect(i.ask("运费险怎么买").match?.key).not.toBe("insurance");
  expect(i.ask("礼盒要钱吗").match?.key).toBe("insurance");
  i.remove("id-insurance");
  expect(i.ask("礼盒要钱吗").match?.key).not.toBe("insurance");
  expect(i.get("insurance")).toBeUndefined();
  expect(i.size).toBe(6);
});

test("most asked questions: by hits, then in the order they were written; related entries that exist", () => {
  const i = shop();
  expect(i.top(3).map((e) => e.key)).toEqual(["returns", "refund", "invoice"]);
  i.hit("hours");
  i.hit("hours");
  i.hit("invoice");
  expect(i.top(3).map((e) => e.key)).toEqual(["hours", "invoice", "returns"]);
  expect(i.related("returns").map((e) => e.key)).toEqual(["refund"]);
  expect(i.related("nope")).toEqual([]);
});

test("re-indexing one edited entry in a 2,000-entry index takes at most 5 ms", () => {
  const i = new KnowledgeIndex();
  const words = ["订单", "发货", "快递", "退货", "退款", "发票", "优惠券", "会员", "积分", "账号", "密码", "支付", "安装", "保修", "门店", "价格"];
  const pick = (n: number) => Array.from({ length: 3 }, (_, k) => words[(n * 7 + k * 5) % words.length]).join("");
  for (let n = 0; n < 2000; n++) i.put(entry(`e${n}`, `${pick(n)}问题${n}？`, [pick(n + 1), `型号${n}`], { answer: `第 ${n} 条的答案：${pick(n + 2)}。` }));
  const times: number[] = [];
  for (let n = 0; n < 21; n++) {
    const edited = entry(`e${n * 50}`, `${pick(n + 3)}改过的问题${n}？`, [`新关键词${n}`], { id: `id-e${n * 50}` });
    const t0 = performance.now();
    i.put(edited);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  expect(times[10]!).toBeLessThanOrEqual(5);
  expect(i.ask("新关键词7").match?.key).toBe("e350");
});

test("the focus: an entry that shares a sentence's topic but not what it asks about, a word no entry knows, is offered, not answered", () => {
  const travel = firmIndex(FIRMS.find((f) => f.name === "travel")!.kb);
  for (const text of ["酒店有没有游泳池", "酒店有没有健身房"]) {
    const d = travel.ask(text);
    expect([text, d.match]).toEqual([text, null]);
    expect(d.suggestions[0]!.key).toBe("tour-hotel");
    expect(d.suggestions[0]!.score).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  }
  // What the entry does speak of is answered, with words around it.
  expect(travel.ask("住的酒店是几星的").match?.key).toBe("tour-hotel");
});

test("a noun general Chinese rarely uses (考勤, 乱码), which the entry says nothing of, is likely what is asked: the entry keeps 0.9 of its confidence; a common one (朋友, 财务) is context", () => {
  expect(["小费", "乱码", "考勤", "加急", "轮椅"].filter(rareNoun)).toEqual(["小费", "乱码", "考勤", "加急", "轮椅"]);
  expect(["朋友", "财务", "时候", "现在", "发票", "小"].filter(rareNoun)).toEqual([]);
  const saas = firmIndex(FIRMS.find((f) => f.name === "saas")!.kb);
  // Before: the integrations entry answered at 0.48, through 钉钉 and 集成.
  const d = saas.ask("集成钉钉以后能同步考勤吗");
  expect(d.match).toBeNull();
  expect(d.suggestions[0]!.key).toBe("integrations");
  // An entry that does answer keeps enough (看板 and 全票 are rare nouns too).
  expect(saas.ask("trello的看板能导进来吗").match?.key).toBe("data-import");
  expect(firmIndex(FIRMS.find((f) => f.name === "travel")!.kb).ask("孩子5岁要买全票吗").match?.key).toBe("tour-kids");
});

test("a direction after a verb (寄过来, 邮寄过去) completes the verb: the focus is both, said when the entry says the verb", () => {
  const index = new KnowledgeIndex();
  const put = (key: string, question: string, keywords: string[], order: number) =>
    index.put({ id: key, key, question, answer: "…", keywords, category: "", related: [], hits: 0, order });
  put("overseas", "可以寄到海外吗？", ["海外", "国外", "国际快递"], 0);
  put("ship-time", "下单后多久发货？", ["发货时间", "多久发货"], 1);
  put("return", "怎么申请退货？", ["退货", "寄回"], 2);
  // Before: 过来 alone, a word no entry has, was the focus, and the entry kept 0.8 (0.466, 0.454).
  expect(index.ask("人在加拿大 能寄过来吗").match?.score).toBeGreaterThan(0.55);
  expect(index.ask("我在澳洲能不能邮寄过去").match?.score).toBeGreaterThan(0.55);
  // A focus no entry knows still costs the entry that does not say it (0.466; since round 15a 榴莲, a
  // rare noun, costs it 0.9 more and it is only offered, its suggestion scored by relatedness).
  const d = index.ask("人在加拿大 能寄榴莲吗");
  expect(d.match?.score ?? 0).toBeLessThan(0.55);
});

test("an English keyword of two words or more said part as written, part through a word of the same concept (forgot my pw for forgot password) is a weak keyword hit", () => {
  const index = new KnowledgeIndex();
  const put = (key: string, question: string, answer: string, keywords: string[], order: number, language: "en" | "zh") =>
    index.put({ id: key, key, question, answer, keywords, category: "", related: [], hits: 0, order, language });
  put("en-reset", "I forgot my password", "Click Forgot password on the sign-in page.", ["forgot password", "reset password"], 0, "en");
  put("en-invoice", "How do I get an invoice?", "Go to Billing.", ["invoice", "receipt"], 1, "en");
  put("zh-reset", "忘记密码怎么办？", "在登录页点忘记密码。", ["忘记密码", "重置密码"], 2, "zh");
  // pw is read as 密码, of the password group like password: before, 0.364 and silent.
  expect(index.ask("cant log in, forgot my pw").match?.key).toBe("en-reset");
  expect(index.ask("cant log in, forgot my pw").match!.score).toBeGreaterThan(0.5);
});

test("a how-much question's question word is explained only by an entry asked how much", () => {
  const travel = firmIndex(FIRMS.find((f) => f.name === "travel")!.kb);
  // The guide entry (asked whether) answered at 0.568 before: the amount asked for is not its matter.
  expect(travel.ask("领队的小费给多少").match?.score ?? 0).toBeLessThan(0.5);
  // Entries asked how much, or whose topic the sentence is, still answer.
  expect(travel.ask("行李能带几件").match?.key).toBe("flight-baggage");
  expect(travel.ask("单房差要补多少").match?.key).toBe("tour-single-room");
  expect(travel.ask("定金交多少").match?.key).toBe("tour-deposit");
});

test("the distinguishing word decides between a general entry and a specific one", () => {
  const shopFirm = firmIndex(FIRMS.find((f) => f.name === "shop")!.kb);
  // 退货 + 邮费: the return-shipping entry, not the general shipping-fee one.
  expect(shopFirm.ask("退货的话邮费谁出").match?.key).toBe("return-fee");
  expect(shopFirm.ask("邮费怎么算").match?.key).toBe("ship-fee");
});

test("a member of a family (云闪付) finds the entry about the family (keyword 付款方式), not one about another member (花呗)", () => {
  const index = new KnowledgeIndex();
  const put = (key: string, question: string, keywords: string[], order: number) =>
    index.put({ id: key, key, question, answer: "…", keywords, category: "支付", related: [], hits: 0, order });
  put("pay-methods", "支持哪些付款方式？", ["付款方式", "支付宝"], 0);
  put("pay-installment", "可以分期付款吗？", ["分期", "花呗"], 1);
  expect(index.ask("能用云闪付吗").match?.key).toBe("pay-methods");
  expect(index.ask("你们收不收银联卡").match?.key).toBe("pay-methods");
  expect(index.ask("花呗能分几期").match?.key).toBe("pay-installment");
});

test("words that say how or when are not what a question turns on; nouns and verbs are", () => {
  for (const w of ["不能", "一直", "时间", "以后", "礼拜", "那天", "觉得", "希望"]) expect([w, grammatical(w)]).toEqual([w, true]);
  for (const w of ["团队", "小费", "乱码", "兑换", "停车"]) expect([w, grammatical(w)]).toEqual([w, false]);
});

test("the focus known elsewhere: an entry that says nothing of what the sentence turns on, a word another entry has, and explains less than half of it, does not answer", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("app", "有手机 App 吗？", "有 iOS 和安卓 App，在应用商店搜索下载。", ["App", "手机", "安卓"], 0);
  put("invite", "怎么邀请同事加入团队？", "在成员页点邀请，输入同事的邮箱。", ["邀请", "团队", "加成员"], 1);
  // 团队 is the team entry's word: not the app entry (which answered, at 0.558, before the rule).
  const d = index.ask("app上怎么退出团队");
  expect(d.match?.key).not.toBe("app");
  expect([d.match, ...d.suggestions].some((s) => s?.key === "app")).toBe(true);
  // What the app entry speaks of is still answered.
  expect(index.ask("手机上能用吗").match?.key).toBe("app");
  expect(index.ask("安卓版在哪下载").match?.key).toBe("app");
  // An entry that explains most of the sentence keeps it (礼品卡能兑换吗 above: the gift-card entry).
  expect(shop().ask("礼品卡能兑换吗")?.match?.key).toBe("giftcard");
});

test("another kind of a family whose entry's answer names the visitor's very word counts as the keyword naming it (刷卡 and an answer saying 支付宝)", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("currency", "需要换外币吗？", "大部分商店可以刷银联卡或支付宝。", ["外币", "刷卡"], 0);
  put("installment", "可以分期吗？", "可以用信用卡分期。", ["分期", "信用卡"], 1);
  // Before: both keywords another kind of the family, and the installment entry answered (0.505 against 0.475).
  expect(index.ask("当地能用支付宝吗").match?.key).toBe("currency");
  // A word of the family that neither answer names: as before.
  expect(index.ask("能用云闪付吗").match?.key).toBe("installment");
});

test("a keyword's characters far apart in the sentence, in order, are a weaker hit (钱扣了 … 待付款 for 扣款)", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("pay-failed", "付款失败怎么办？", "如果钱已扣但订单未支付，24 小时内会自动退回。", ["付款失败", "支付失败", "扣款"], 0);
  // (The cancel entry's answer says when the money is back: a when question is answered by an answer that says when, below.)
  put("order-cancel", "怎么取消订单？", "未发货的订单可以直接取消，款项 1–3 个工作日内原路退回。", ["取消订单"], 1);
  put("refund-time", "退款多久到账？", "原路退回，1–3 个工作日到账。", ["退款", "到账"], 2);
  // Before: 扣 and 款 more than three units apart were no hit (0.283, silent).
  expect(index.ask("卡里的钱扣了 订单却一直是待付款").match?.key).toBe("pay-failed");
  expect(index.ask("订单取消了钱什么时候退").match?.key).toBe("order-cancel");
});

test("a when or how-long question is not answered by an entry asked otherwise whose answer says no time (江浙沪发韵达几天能到: the courier entry)", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("courier", "用什么快递？", "默认发中通，江浙沪发韵达；需要顺丰请在下单时选择。", ["快递", "顺丰", "中通"], 0);
  put("invoice", "能开发票吗？", "可以开电子发票，确认收货后在订单详情里申请。", ["发票", "开票"], 1);
  put("trial", "可以免费试用吗？", "注册后可以免费试用专业版 14 天。", ["试用", "免费试用"], 2);
  // The entry names the thing, not how long (before: 0.532, answered).
  expect(index.ask("江浙沪发韵达的话一般几天能到").match).toBeNull();
  expect(index.ask("江浙沪发什么快递").match?.key).toBe("courier");
  // A moment answers a when question (确认收货后), a number of days a how-long one.
  expect(index.ask("发票什么时候能申请").match?.key).toBe("invoice");
  expect(index.ask("试用能用几天").match?.key).toBe("trial");
});

test("a keyword said part as written, part through a word of the same concept, is a weak keyword hit (退回的运费 for 退货运费, 人不够 for 人数不够)", () => {
  const index = new KnowledgeIndex();
  const put = (key: string, question: string, keywords: string[], order: number) =>
    index.put({ id: key, key, question, answer: "…", keywords, category: "", related: [], hits: 0, order });
  put("ship-fee", "运费怎么算？", ["运费", "邮费", "包邮"], 0);
  put("return-fee", "不想要了寄回去谁承担？", ["退货运费", "运费险"], 1);
  put("min-group", "成团对人数有要求吗？", ["人数不够", "成团"], 2);
  put("cancel", "报名后能取消吗？", ["取消", "退团"], 3);
  // Without the rule: the general shipping-fee entry (0.587) and the cancellation entry (0.639).
  expect(index.ask("退回的运费谁出").match?.key).toBe("return-fee");
  expect(index.ask("人要是不够会取消吗").match?.key).toBe("min-group");
  // A keyword said whole is still the stronger hit.
  expect(index.ask("运费多少").match?.key).toBe("ship-fee");
});

test("compensation, a charge or an extension the entry says nothing of is not answered by it (数据泄露你们赔吗, 刷卡要手续费吗, 试用能延长吗)", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("security", "数据安全吗？存在哪里？", "数据存放在阿里云杭州机房，传输和存储全程加密。", ["数据安全", "加密", "服务器"], 0);
  put("currency", "需要换外币吗？", "大部分商店可以刷银联卡或支付宝。", ["外币", "刷卡"], 1);
  put("claim", "旅途中受伤了怎么理赔？", "请保留病历和发票，我们协助向保险公司报案理赔。", ["理赔", "保险理赔"], 2);
  // Before: 0.857, answered.
  expect(index.ask("服务器被黑了数据泄露你们赔吗").match).toBeNull();
  expect(index.ask("在国外刷卡要手续费吗").match).toBeNull();
  // The entries still answer what they speak of, and an entry that names the claim answers it.
  expect(index.ask("服务器在哪 数据安全吗").match?.key).toBe("security");
  expect(index.ask("在国外能刷卡吗").match?.key).toBe("currency");
  expect(index.ask("出去玩摔伤了怎么找保险赔").match?.key).toBe("claim");
});

test("an entry that says the claim in its own words answers it (假一赔十, 我们承担运费, 3 期免息); a claim refused is a dispute", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("authentic", "是正品吗？", "本店所有商品均为品牌直供正品，支持专柜验货，假一赔十。", ["正品", "假货"], 0);
  put("quality", "收到的商品有质量问题怎么办？", "请拍照申请售后，我们承担来回运费，可退可换。", ["质量问题", "破损"], 1);
  put("installment", "可以分期付款吗？", "满 300 元可以用花呗或信用卡分期，3 期免息。", ["分期", "花呗"], 2);
  put("return-fee", "退货运费谁出？", "无理由退货的运费由您承担，买了运费险的可以理赔。", ["退货运费", "运费险"], 3);
  put("trial", "可以免费试用吗？", "注册后可以免费试用专业版 14 天，到期自动转为免费版。", ["试用", "免费试用"], 4);
  expect(index.ask("假货怎么赔").match?.key).toBe("authentic");
  expect(index.ask("东西破损了能赔吗").match?.key).toBe("quality");
  expect(index.ask("分期有利息吗").match?.key).toBe("installment");
  // The answer says 理赔, but the visitor disputes a refused claim.
  expect(index.ask("运费险怎么理赔保险公司不赔").match).toBeNull();
  // An extension the trial entry does not speak of.
  expect(index.ask("试用期能延长几天吗").match).toBeNull();
  expect(index.ask("试用期有几天").match?.key).toBe("trial");
});

test("a keyword's characters each inside another word of the visitor's are a weaker hit (分 of 积分, 期 of 过期 for 分期)", () => {
  const index = new KnowledgeIndex();
  const put = entryPutter(index);
  put("installment", "可以分期付款吗？", "满 300 元可以用花呗或信用卡分期，3 期免息。", ["分期", "花呗", "信用卡分期"], 0);
  put("points", "积分怎么用？", "100 积分抵 1 元，结算时勾选使用。积分有效期到次年年底。", ["积分", "积分兑换", "抵现"], 1);
  put("pay-failed", "付款失败怎么办？", "如果钱已扣但订单未支付，24 小时内会自动退回。", ["付款失败", "扣款"], 2);
  // Before: the installment entry (0.511), through 分 … 期.
  expect(index.ask("积分会过期吗 明年还能用吗").match?.key).toBe("points");
  // A character that is a word of its own still makes the hit (扣 … 款 for 扣款).
  expect(index.ask("卡里的钱扣了 订单却一直是待付款").match?.key).toBe("pay-failed");
});

test("inspect: a candidate's recorded factors multiply back to its confidence (what test/robot/fit-confidence.ts reads)", () => {
  // The hand constants of confidence.ts and matcher.ts: UNKNOWN_SHARE, NO_TIME, UNGRANTED, RARE_UNSAID, FORM_MISMATCH.
  // A factor added to the confidence without being recorded in Factors breaks this product.
  let candidates = 0;
  for (const firm of FIRMS) {
    const i = firmIndex(firm.kb);
    for (const [text] of firm.visitors.answerable.slice(0, 40))
      for (const j of i.inspect(text).judged) {
        const f = j.factors;
        const explained = j.related / f.language;
        const product = explained * f.focus * (1 - 0.3 * f.unknown) * (f.noTime ? 0.7 : 1) * (f.ungranted ? 0.5 : 1) * (f.rareUnsaid ? 0.9 : 1) * f.language * (f.formMismatch ? 0.9 : 1);
        expect(product).toBeCloseTo(j.confidence, 6);
        expect(f.cover.length).toBe(i.inspect(text).q!.analysis.units.length);
        candidates++;
      }
  }
  expect(candidates).toBeGreaterThan(300);
});
