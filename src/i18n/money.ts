// Amounts of money as people read them: integer fen (分) shown as yuan. Kept beside the catalogues
// because views format amounts too (views import only types and src/i18n); src/billing/money.ts
// re-exports these with the parser, and is where money rules are explained.

/** Is this a whole number of fen (a safe integer, never a fraction)? */
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
