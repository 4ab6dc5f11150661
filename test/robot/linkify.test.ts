// Links in answers: only http(s) become links, text around them stays text.
import { expect, test } from "bun:test";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { AnswerText } from "../../views/admin/robot/answer-text";
import { linkify, safeHref } from "../../common/linkify";

test("http and https addresses become links; sentence punctuation stays outside", () => {
  expect(linkify("详见 https://shop.example.com/help/returns。谢谢")).toEqual([
    { text: "详见 " },
    { text: "https://shop.example.com/help/returns", href: "https://shop.example.com/help/returns" },
    { text: "。谢谢" },
  ]);
  expect(linkify("See http://x.example/a?b=1&c=2.")).toEqual([{ text: "See " }, { text: "http://x.example/a?b=1&c=2", href: "http://x.example/a?b=1&c=2" }, { text: "." }]);
  expect(linkify("(https://x.example/p)，再见").map((p) => p.href)).toEqual([undefined, "https://x.example/p", undefined]);
});

test("other schemes and look-alikes stay text", () => {
  for (const s of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.example", "www.example.com", "mailto:a@b.example"]) expect(linkify(s)).toEqual([{ text: s }]);
  expect(safeHref("https://")).toBeNull();
  expect(linkify("")).toEqual([]);
});

test("rendered: escaped text, links with rel noopener noreferrer, no raw HTML", () => {
  const html = renderToString(h(AnswerText, { text: '<img src=x onerror=alert(1)> 见 https://x.example/"q"<b>' }));
  expect(html).not.toContain("<img");
  expect(html).toContain("&lt;img src=x onerror=alert(1)>");
  expect(html).toContain('href="https://x.example/"');
  expect(html).toContain('rel="noopener noreferrer"');
  expect(html).toContain('target="_blank"');
});
