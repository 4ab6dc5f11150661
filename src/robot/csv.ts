// Reads CSV as spreadsheets write it (RFC 4180): quoted cells may hold commas, quotes ("") and line
// breaks; rows end with CRLF, LF or CR; a UTF-8 byte-order mark is ignored. Each row keeps the line
// it starts on, so an import can name the line of a rejected row. Writing is src/leads/csv.ts.

export interface CsvRow {
  /** 1-based line of the file where the row starts */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`a quoted cell opened on line ${line} is never closed`);
  }
}

export function parseCsv(text: string): CsvRow[] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    // A line with nothing on it is not a row (blank lines, the final line break).
    if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowLine, cells });
    cells = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n" || (ch === "\r" && src[i + 1] !== "\n")) line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      quoteLine = line;
    } else if (ch === ",") endCell();
    else if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      rowLine = ++line;
      continue;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine);
  if (cell !== "" || cells.length) endRow();
  return rows;
}

/** The writer prefixes cells a spreadsheet would run as formulas with "'"; reading takes it off. */
export function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
