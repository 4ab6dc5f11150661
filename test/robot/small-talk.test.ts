// Small talk: a whole message that only greets, thanks, says goodbye or acknowledges is answered with
// a friendly word and never an entry; a message that says anything more is a question.
import { expect, test } from "bun:test";
import { KnowledgeIndex } from "../../src/robot/matcher";
import { smallTalk } from "../../src/robot/small-talk";

test("greetings, thanks, goodbyes and acknowledgements, in Chinese and English, with emoji and particles", () => {
  const cases: [string, string][] = [
    ["你好", "greeting"], ["亲，在吗？", "greeting"], ["早上好", "greeting"], ["早", "greeting"], ["hi", "greeting"], ["Good morning!", "greeting"], ["您好 有人吗", "greeting"],
    ["好的谢谢", "thanks"], ["谢谢 解决了", "thanks"], ["thanks!", "thanks"], ["Thank you so much!", "thanks"], ["辛苦了", "thanks"], ["多謝", "thanks"],
    ["晚安", "goodbye"], ["拜拜", "goodbye"], ["好的 再见", "goodbye"], ["bye", "goodbye"],
    ["ok", "ack"], ["OK 👍", "ack"], ["好的👌", "ack"], ["嗯嗯 知道了", "ack"], ["哈哈哈", "ack"], ["明白了", "ack"],
  ];
  for (const [text, kind] of cases) expect([text, smallTalk(text)]).toEqual([text, kind]);
});

test("anything more is a question", () => {
  for (const text of ["你好，运费多少", "谢谢，我还想问下退货", "好贵", "hi there, do you ship to Japan", "history", "可以吗", "早点发货", "ok but when does it ship", "👌"]) expect([text, smallTalk(text)]).toEqual([text, null]);
});

test("the matcher answers small talk with no entry, even where an entry's keywords would match", () => {
  const index = new KnowledgeIndex();
  index.put({ id: "1", key: "thanks-card", question: "可以写感谢卡吗？", answer: "可以。", keywords: ["感谢卡", "谢谢"], category: "", related: [], hits: 0, order: 0 });
  index.put({ id: "2", key: "hours", question: "晚上几点下班？", answer: "22 点。", keywords: ["晚安", "下班"], category: "", related: [], hits: 0, order: 1 });
  expect(index.ask("谢谢")).toEqual({ match: null, suggestions: [], smallTalk: "thanks" });
  expect(index.ask("晚安")).toEqual({ match: null, suggestions: [], smallTalk: "goodbye" });
  expect(index.ask("能写感谢卡吗").match?.key).toBe("thanks-card");
});
