// The banned-words automaton (src/moderation/matcher.ts) on plain data: Chinese anywhere, Latin as
// whole words in any case (full-width and accented letters too), overlapping words masked once.
import { expect, test } from "bun:test";
import { buildMatcher, findWords, hasWord, maskWords } from "../../src/moderation/matcher";

const m = buildMatcher(["法轮", "Spam", "ass", "he", "she", "hers", "qq号", "ÉCOLE", "ｑｑ", "代开", "开发票"]);

test.each([
  ["我想说法轮功", "我想说***功"],
  ["SPAM, spam! Spammer", "***, ***! Spammer"],
  ["class ass ushers she", "class *** ushers ***"],
  ["加QQ号码", "加***码"], // a Chinese character is a boundary for a Latin word
  ["myqq号码", "myqq号码"], // "qq号" starts with a Latin letter: not inside a Latin word
  ["école Ｑｑ", "*** ***"],
  ["代开发票", "***"], // 代开 and 开发票 overlap: one mask
  ["", ""],
])("%s → %s", (text, masked) => expect(maskWords(m, text)).toBe(masked));

test("positions are those of the original text; hasWord agrees", () => {
  expect(findWords(m, "x 法轮")).toEqual([[2, 4]]);
  expect(hasWord(m, "hello there")).toBe(false);
  expect(hasWord(m, "Hers?")).toBe(true);
  expect(maskWords(buildMatcher([]), "anything")).toBe("anything");
});
