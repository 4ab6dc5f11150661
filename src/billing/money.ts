// Money is integer fen (分, 1/100 yuan) everywhere: in the ledger, in orders, in prices and in the
// gateways' amounts. Floats never touch it: a yuan string someone typed is parsed digit by digit,
// and fen are formatted back by integer division. These are the only two conversions.
import { UserError } from "../errors";
import { formatFen } from "../i18n/money";

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

export { fenToYuan, formatFen, isFen } from "../i18n/money";
