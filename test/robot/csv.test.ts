// The CSV reader: what spreadsheets write, with the line each row starts on.
import { expect, test } from "bun:test";
import { toCsv } from "../../src/leads/csv";
import { CsvSyntaxError, parseCsv, unescapeFormula } from "../../src/robot/csv";

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

test("plain rows, CRLF, LF and CR line ends, a final line break or none", () => {
  expect(cells("a,b\r\nc,d\r\n")).toEqual([["a", "b"], ["c", "d"]]);
  expect(cells("a,b\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
  expect(cells("a,b\rc,d\r")).toEqual([["a", "b"], ["c", "d"]]);
});

test("quoted cells hold commas, quotes and line breaks; rows keep the line they start on", () => {
  const rows = parseCsv('q,a\n"退货, 换货","他说""可以""\n第二行"\n"x",y\n');
  expect(rows.map((r) => r.cells)).toEqual([["q", "a"], ["退货, 换货", '他说"可以"\n第二行'], ["x", "y"]]);
  expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
});

test("a byte-order mark is ignored; blank lines are not rows; empty cells stay", () => {
  const rows = parseCsv("\uFEFFkey,question\n\n,问题\n\r\n a , b \n");
  expect(rows.map((r) => r.cells)).toEqual([["key", "question"], ["", "问题"], [" a ", " b "]]);
  expect(rows.map((r) => r.line)).toEqual([1, 3, 5]);
  expect(cells("a,,\n")).toEqual([["a", "", ""]]);
});

test("an unclosed quote names the line it opened on", () => {
  try {
    parseCsv('a,b\nc,"d\ne,f\n');
    throw new Error("no error");
  } catch (e) {
    expect(e).toBeInstanceOf(CsvSyntaxError);
    expect((e as CsvSyntaxError).line).toBe(2);
  }
});

test("what the writer writes, the reader reads back, formula guards included", () => {
  const rows = [["key", "answer"], ["a-1", '见 "说明", 第 2 页\n谢谢'], ["b", "=1+1"], ["c", "-5 元"], ["d", "中文，逗号"]];
  const back = parseCsv(toCsv(rows)).map((r) => r.cells.map(unescapeFormula));
  expect(back).toEqual(rows);
});
