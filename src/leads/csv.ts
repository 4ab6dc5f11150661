// CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), CRLF
// rows, RFC 4180 quoting, and no formulas: a visitor's "=HYPERLINK(…)" must stay text. Imports read
// with readCsv, which takes that guard off again, so an exported file imports back unchanged.
import { parseCsv, unescapeFormula, type CsvRow } from "../robot/csv";

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

/** The same file written a batch of rows at a time as it is read, so a long export never sits in memory. */
export function csvStream(rows: Iterable<unknown[]>): ReadableStream<Uint8Array> {
  return csvLines(
    (function* () {
      for (const row of rows) yield row.map(csvCell).join(",");
    })(),
  );
}

/** Lines already written as CSV (a row whose cells need no guard, such as signed amounts), streamed the same way. */
export function csvLines(lines: Iterable<string>): ReadableStream<Uint8Array> {
  const it = lines[Symbol.iterator]();
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      let chunk = first ? "\uFEFF" : "";
      first = false;
      for (let i = 0; i < 200; i++) {
        const next = it.next();
        if (next.done) {
          if (chunk) c.enqueue(encoder.encode(chunk));
          c.close();
          return;
        }
        chunk += next.value + "\r\n";
      }
      c.enqueue(encoder.encode(chunk));
    },
  });
}

/**
 * parseCsv (src/robot/csv.ts: same rows, same CsvSyntaxError) with each cell back to the value
 * csvCell wrote (unescapeFormula: "'=x" was "=x", a "+86 …" phone, a "- step" text).
 */
export function readCsv(text: string): CsvRow[] {
  return parseCsv(text).map((r) => ({ line: r.line, cells: r.cells.map(unescapeFormula) }));
}
