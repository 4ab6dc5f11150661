// Languages (issue 19, issue 12 item 14): an entry's language is detected from its text unless the
// admin sets it; a visitor's sentence is read as Chinese or English by the share of each script, not
// by one foreign word; entries in the visitor's language answer first, and the greeting offers them.
import { expect, test } from "bun:test";
import { detectLanguage, entryLanguage, localeLanguage } from "../../src/robot/language";
import { KnowledgeIndex, type IndexEntry } from "../../src/robot/matcher";

test("a sentence's language is the share of its scripts, not one foreign word", () => {
  expect(detectLanguage("运费怎么算")).toBe("zh");
  expect(detectLanguage("how do I get an invoice")).toBe("en");
  expect(detectLanguage("能刷visa卡吗")).toBe("zh");
  expect(detectLanguage("google authenticator怎么绑")).toBe("zh");
  expect(detectLanguage("我们公司用的AD域账号，能直接登录吗")).toBe("zh");
  expect(detectLanguage("how much is the 专业版")).toBe("en");
  expect(detectLanguage("12345 !!")).toBeNull();
  // Traditional characters are Chinese too.
  expect(detectLanguage("請問運費怎麼算")).toBe("zh");
});

test("an entry's language: as set, else from its question and answer together", () => {
  expect(entryLanguage({ question: "Do you support SSO?", answer: "是的" })).toBe("en");
  expect(entryLanguage({ question: "SSO？", answer: "企业版支持单点登录" })).toBe("zh");
  expect(entryLanguage({ language: "en", question: "支持单点登录吗", answer: "" })).toBe("en");
  expect(localeLanguage("zh-CN")).toBe("zh");
  expect(localeLanguage("en")).toBe("en");
});

let order = 0;
const entry = (key: string, question: string, keywords: string[], language: "zh" | "en"): IndexEntry => ({
  id: key,
  key,
  question,
  answer: `${question}…`,
  keywords,
  category: "",
  related: [],
  hits: 0,
  order: order++,
  language,
});

function saas(): KnowledgeIndex {
  const index = new KnowledgeIndex();
  index.put(entry("sso", "支持单点登录吗？", ["单点登录", "SSO", "SAML"], "zh"));
  index.put(entry("en-sso", "Do you support SSO?", ["SSO", "SAML", "single sign-on"], "en"));
  index.put(entry("invoice", "怎么开发票？", ["发票", "开票"], "zh"));
  index.put(entry("en-invoice", "How do I get an invoice?", ["invoice", "receipt"], "en"));
  return index;
}

test("a Chinese sentence with an English word is answered by the Chinese entry, and the reverse", () => {
  const index = saas();
  expect(index.ask("你们支持SSO吗").match?.key).toBe("sso");
  expect(index.ask("支持saml吗").match?.key).toBe("sso");
  expect(index.ask("do you support sso").match?.key).toBe("en-sso");
  expect(index.ask("saml sso?").match?.key).toBe("en-sso");
  // An entry in the other language still answers when nothing in the visitor's language does.
  expect(index.ask("invoice").match?.key).toBe("en-invoice");
  // …also when the word is one of a built-in concept (concepts.ts: invoice is in 发票's group): the
  // Chinese entry that relates only through the concept is offered, not preferred.
  expect(index.ask("我要invoice").match?.key).toBe("en-invoice");
});

test("the greeting offers the visitor's language's questions, all entries when it has none", () => {
  const index = saas();
  expect(index.top(5, "zh").map((e) => e.key)).toEqual(["sso", "invoice"]);
  expect(index.top(5, "en").map((e) => e.key)).toEqual(["en-sso", "en-invoice"]);
  const onlyChinese = new KnowledgeIndex();
  onlyChinese.put(entry("invoice", "怎么开发票？", ["发票"], "zh"));
  expect(onlyChinese.top(5, "en").map((e) => e.key)).toEqual(["invoice"]);
});
