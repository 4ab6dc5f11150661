// CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), CRLF
// rows, RFC 4180 quoting, and no formulas: a visitor's "=HYPERLINK(…)" must stay text.

/** Cells a spreadsheet would run as a formula start with one of these; they get a leading '. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
