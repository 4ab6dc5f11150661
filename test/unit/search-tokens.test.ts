import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { indexTokens, matchQuery } from "../../src/history/search-tokens";

describe("search tokens", () => {
  test("Chinese becomes overlapping pairs, other text words, all lower case and half-width", () => {
    expect(indexTokens("请问价格表在哪里")).toBe("请问 问价 价格 格表 表在 在哪 哪里");
    expect(indexTokens("Refund ＡＢＣ for order #123, 谢谢!")).toBe("refund abc for order 123 谢谢");
    expect(indexTokens("好")).toBe("好");
  });

  test("queries are phrases per run; a lone Chinese character is a prefix; quotes cannot break out", () => {
    expect(matchQuery("价格")).toBe('"价格"');
    expect(matchQuery("价格表 refund")).toBe('"价格 格表" AND "refund"');
    expect(matchQuery("价")).toBe('"价"*');
    expect(matchQuery('a"b')).toBe('"a" AND "b"');
    expect(matchQuery("  !!! ")).toBeNull();
  });

  test("against a real FTS5 table: two-character words are found, substrings across words are not invented", () => {
    const db = new Database(":memory:");
    db.exec("create virtual table s using fts5(tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1')");
    const docs = ["你好，我想问一下价格", "发票什么时候开", "The refund arrived, thanks", "价钱太贵了"];
    docs.forEach((d, i) => db.query("insert into s (rowid, tokens) values (?, ?)").run(i + 1, indexTokens(d)));
    const find = (q: string) => (db.query("select rowid as id from s where s match ? order by rowid").all(matchQuery(q)!) as { id: number }[]).map((r) => r.id);
    expect(find("价格")).toEqual([1]);
    expect(find("发票")).toEqual([2]);
    expect(find("REFUND")).toEqual([3]);
    expect(find("价")).toEqual([1, 4]);
    expect(find("格发")).toEqual([]);
    expect(find("问一下价格")).toEqual([1]);
  });
});
