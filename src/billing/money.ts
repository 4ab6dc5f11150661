// Money is integer fen (分, 1/100 yuan) everywhere: in the ledger, in orders, in prices and in the
// gateways' amounts. Floats never touch it: a yuan string someone typed is parsed digit by digit,
// and fen are formatted back by integer division. These are the only two conversions.
import { UserError } from "../errors";

/** The largest single amount anything may name: ¥10,000,000.00. Sums of many stay far below 2^53. */
export const MAX_AMOUNT_FEN = 1_000_000_000;

/**
 * "500", "500.00", "0.5", "1,234.56", "¥500" → fen. Refused (UserError invalid_amount): empty,
 * negative, more than two decimals, exponents, anything but digits, and more than MAX_AMOUNT_FEN.
 * Zero parses to 0; callers decide whether 0 is allowed (a recharge needs at least the minimum).
 */
export function parseYuan(input: unknown): number {
  if (typeof input !== "string" && typeof input !== "number") throw invalid();
  // A number given by code (not a person) must already be a plain decimal; String() of it is checked like text.
  let s = String(input).trim().replace(/^[¥￥]\s*/, "");
  // Thousands separators only in their proper places (1,234.50), never inside decimals.
  if (/,/.test(s)) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) throw invalid();
    s = s.replace(/,/g, "");
  }
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) throw invalid();
  const whole = m[1]!.replace(/^0+(?=\d)/, "");
  // Checked by length before any arithmetic, so a thousand-digit string never becomes a number.
  if (whole.length > 8) throw invalid();
  const fen = Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (fen > MAX_AMOUNT_FEN) throw invalid();
  return fen;
}

function invalid(): UserError {
  return new UserError("invalid_amount", 400, { max: formatFen(MAX_AMOUNT_FEN) });
}

/** Is this a whole number of fen a ledger may hold (an integer within ±MAX_AMOUNT_FEN·1000)? */
export function isFen(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n);
}

/** 50000 → "500.00": the plain decimal yuan string gateways (Alipay total_amount) and CSV use. */
export function fenToYuan(fen: number): string {
  if (!isFen(fen)) throw new TypeError(`not an amount of fen: ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * 123450 → "¥1,234.50", -500 → "-¥5.00". The same in both languages: Chinese writes amounts of
 * yuan with the ¥ sign and thousands commas too (人民币 amounts on invoices and bank slips).
 */
export function formatFen(fen: number): string {
  const plain = fenToYuan(fen);
  const negative = plain.startsWith("-");
  const [whole, cents] = (negative ? plain.slice(1) : plain).split(".") as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}¥${grouped}.${cents}`;
}
