import { describe, expect, test } from "bun:test";
import { fenToYuan, formatFen, MAX_AMOUNT_FEN, parseYuan } from "../../src/billing/money";
import { UserError } from "../../src/errors";

describe("parseYuan", () => {
  test.each([
    ["500", 50000],
    ["500.00", 50000],
    ["500.0", 50000],
    ["500.", 50000],
    ["0.5", 50],
    ["0.05", 5],
    ["0.1", 10],
    ["0.29", 29], // 0.29 * 100 is 28.999999999999996 in floats
    ["1.15", 115], // 1.15 * 100 is 114.99999999999999
    ["19.99", 1999],
    ["1,234.56", 123456],
    ["¥500", 50000],
    ["￥ 12.30", 1230],
    [" 100 ", 10000],
    ["007", 700],
    ["0", 0],
    ["10000000", MAX_AMOUNT_FEN],
  ])("%p → %p fen", (s, fen) => {
    expect(parseYuan(s)).toBe(fen);
  });

  test.each(["", " ", "-1", "-0.01", "+5", "1.234", "0.001", "1e3", "1E2", "abc", "5 yuan", "1,23", "12,345,6", "1.2.3", ".5", "Infinity", "NaN", "0x10", "10000000.01", "99999999999", "9".repeat(400), "1_000"])("refuses %p", (s) => {
    expect(() => parseYuan(s)).toThrow(UserError);
    try {
      parseYuan(s);
    } catch (e) {
      expect((e as UserError).code).toBe("invalid_amount");
    }
  });

  test("refuses what is not text or a number", () => {
    for (const v of [null, undefined, {}, [], true]) expect(() => parseYuan(v)).toThrow(UserError);
  });
});

describe("formatting", () => {
  test("fen as plain yuan and as ¥ with thousands", () => {
    expect(fenToYuan(50000)).toBe("500.00");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(-1230)).toBe("-12.30");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(-500)).toBe("-¥5.00");
    expect(formatFen(100000)).toBe("¥1,000.00");
  });

  test("a float is not fen", () => {
    expect(() => fenToYuan(0.5)).toThrow(TypeError);
  });

  test("round trip of every cent up to ¥20", () => {
    for (let fen = 0; fen <= 2000; fen++) expect(parseYuan(fenToYuan(fen))).toBe(fen);
  });
});
