// The knowledge base as a file (PRODUCT.md contract): a JSON array of
// {key?, question, answer, keywords: string[], related?: string[], category?, enabled?, language?,
// similar?: string[]}, or CSV with the same columns (keywords, related and similar questions
// separated by | or ; in their cell). Reading a file yields
// rows with their line numbers; planning an import checks every row against the file and the
// existing entries, and either rejects rows (each with its line and reason) or yields the writes.
// The caller applies the writes in one transaction, so a file is imported whole or not at all.
import { toCsv } from "../leads/csv";
import { CsvSyntaxError, parseCsv, unescapeFormula } from "./csv";
import { checkEntry, checkKey, isProblem, newKey, type EntryFields, type EntryInput, type Problem, type RobotEntry } from "./entries";
import { entryLanguage, type Language } from "./language";
import { normalize } from "./tokenize";

export type Format = "json" | "csv";

/** Where a row is in the file: the line it starts on, and for JSON its place in the array (1-based). */
export interface Place {
  line: number;
  item?: number;
}

/** One entry of the file (or what makes it no entry at all). */
export type ImportRow = (Place & { input: EntryInput }) | (Place & { problem: Problem });

export interface Rejected extends Place {
  /** line 0: a problem with the whole file */
  problem: Problem;
}

export interface Write {
  key: string;
  fields: EntryFields;
  /** the entry it replaces, if any */
  existing?: RobotEntry;
}

export interface ImportPlan {
  writes: Write[];
  /** when not empty, nothing may be written */
  rejected: Rejected[];
}

/** What leaves the knowledge base: every entry with its stable key, related entries by key. */
export type ExchangeEntry = { key: string } & Omit<EntryFields, "language"> & { language: Language };

/** "12", or "1 (#3)" for the third item of a JSON array on line 1; null for the whole file. */
export function placeLabel(p: Place): string | null {
  if (!p.line) return null;
  return p.item ? `${p.line} (#${p.item})` : String(p.line);
}

export const COLUMNS = ["key", "question", "answer", "keywords", "related", "category", "enabled", "language", "similar"] as const;
const REQUIRED = ["question", "answer", "keywords"];
/** Inside a CSV cell, keywords, related entries and similar questions are separated by | or ; (or a line break) */
const LIST_SEPARATOR = /[|;\n]/;

const fileProblem = (key: string, params?: Problem["params"]): Rejected[] => [{ line: 0, problem: { key: `robot.problem.${key}`, params } }];

export function detectFormat(fileName: string, text: string): Format {
  if (/\.json$/i.test(fileName)) return "json";
  if (/\.csv$/i.test(fileName)) return "csv";
  return text.replace(/^\uFEFF/, "").trimStart().startsWith("[") ? "json" : "csv";
}

export function readFile(text: string, format: Format): { rows: ImportRow[] } | { rejected: Rejected[] } {
  return format === "json" ? readJson(text) : readCsv(text);
}

function readJson(text: string): { rows: ImportRow[] } | { rejected: Rejected[] } {
  let data: unknown;
  const src = text.replace(/^\uFEFF/, "");
  try {
    data = JSON.parse(src);
  } catch {
    return { rejected: fileProblem("json_syntax") };
  }
  if (!Array.isArray(data)) return { rejected: fileProblem("json_array") };
  const lines = topLevelItemLines(src);
  return {
    rows: data.map((item, i): ImportRow => {
      const line = lines[i] ?? 0;
      if (!item || typeof item !== "object" || Array.isArray(item)) return { line, item: i + 1, problem: { key: "robot.problem.json_item" } };
      const o = item as Record<string, unknown>;
      const input: EntryInput = {
        key: o.key === undefined || o.key === null ? undefined : (o.key as string),
        question: o.question as string,
        answer: o.answer as string,
        keywords: o.keywords as string[],
        related: (o.related ?? []) as string[],
        category: (o.category ?? "") as string,
        enabled: o.enabled as boolean | undefined,
        language: o.language as string | null | undefined,
        similar: (o.similar ?? []) as string[],
      };
      return { line, item: i + 1, input };
    }),
  };
}

/** The line each element of a top-level JSON array starts on (the file parsed already, so it is valid). */
function topLevelItemLines(src: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectItem = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === "\n") line++;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectItem && ch !== "]") {
      lines.push(line);
      expectItem = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth++;
      if (depth === 1) expectItem = true;
    } else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 1) expectItem = true;
  }
  return lines;
}

function readCsv(text: string): { rows: ImportRow[] } | { rejected: Rejected[] } {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rejected: [{ line: e.line, problem: { key: "robot.problem.csv_quote" } }] };
    throw e;
  }
  const [header, ...body] = table;
  if (!header) return { rejected: fileProblem("csv_empty") };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const unknown = names.find((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown !== undefined) return { rejected: [{ line: header.line, problem: { key: "robot.problem.csv_column", params: { column: unknown, columns: COLUMNS.join(", ") } } }] };
  const missing = REQUIRED.find((r) => !names.includes(r));
  if (missing) return { rejected: [{ line: header.line, problem: { key: "robot.problem.csv_missing", params: { column: missing } } }] };
  return {
    rows: body.map((row): ImportRow => {
      const line = row.line;
      if (row.cells.length > names.length) return { line, problem: { key: "robot.problem.csv_cells", params: { count: row.cells.length, columns: names.length } } };
      const cell = (name: string) => unescapeFormula(row.cells[names.indexOf(name)] ?? "");
      const list = (name: string) => cell(name).split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);
      const enabled = parseBoolean(cell("enabled"));
      if (enabled === null) return { line, problem: { key: "robot.problem.enabled" } };
      const key = cell("key").trim() ? cell("key") : undefined;
      const input: EntryInput = { key, question: cell("question"), answer: cell("answer"), keywords: list("keywords"), related: list("related"), category: cell("category"), enabled };
      return { line, input: { ...input, language: cell("language").trim(), similar: list("similar") } };
    }),
  };
}

function parseBoolean(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (["", "true", "1", "yes", "y", "是"].includes(v)) return true;
  if (["false", "0", "no", "n", "否"].includes(v)) return false;
  return null;
}

/**
 * Checks every row against the file and the existing entries. Rows with a key replace the entry
 * with that key; rows without one replace the entry with the same question, or become new entries.
 * Related entries may be named by key or by question, in the file or already in the knowledge base.
 */
export function planImport(existing: RobotEntry[], rows: ImportRow[]): ImportPlan {
  const rejected: Rejected[] = [];
  const reject = (at: Place, problem: Problem) => rejected.push({ line: at.line, item: at.item, problem });
  if (rows.length === 0) return { writes: [], rejected: fileProblem("empty") };
  const byKey = new Map(existing.map((e) => [e.key, e]));
  const byQuestion = new Map(existing.map((e) => [normalize(e.question), e]));
  const fileKeys = new Map<string, Place>();
  const fileQuestions = new Map<string, Place & { key: string }>();
  const planned: (Write & { at: Place })[] = [];

  for (const row of rows) {
    const at: Place = { line: row.line, item: row.item };
    if ("problem" in row) {
      reject(at, row.problem);
      continue;
    }
    const input = row.input;
    const fields = checkEntry(input);
    if (isProblem(fields)) {
      reject(at, fields);
      continue;
    }
    const question = normalize(fields.question);
    let key: string;
    if (input.key !== undefined) {
      const checked = checkKey(input.key);
      if (isProblem(checked)) {
        reject(at, checked);
        continue;
      }
      key = checked;
    } else key = byQuestion.get(question)?.key ?? newKey();
    const sameKey = fileKeys.get(key);
    if (sameKey) {
      reject(at, { key: "robot.problem.duplicate_key", params: { key, line: placeLabel(sameKey)! } });
      continue;
    }
    const sameQuestion = fileQuestions.get(question);
    if (sameQuestion) {
      reject(at, { key: "robot.problem.duplicate_question", params: { line: placeLabel(sameQuestion)! } });
      continue;
    }
    fileKeys.set(key, at);
    fileQuestions.set(question, { ...at, key });
    planned.push({ at, key, fields, existing: byKey.get(key) });
  }

  // Related entries, now that every row of the file has its key.
  for (const w of planned) {
    const keys: string[] = [];
    for (const ref of w.fields.related) {
      const key = fileKeys.has(ref) || byKey.has(ref) ? ref : (fileQuestions.get(normalize(ref))?.key ?? byQuestion.get(normalize(ref))?.key);
      if (!key) {
        reject(w.at, { key: "robot.problem.related_unknown", params: { ref: ref.slice(0, 80) } });
        break;
      }
      if (key !== w.key && !keys.includes(key)) keys.push(key);
    }
    w.fields = { ...w.fields, related: keys };
  }
  rejected.sort((a, b) => a.line - b.line || (a.item ?? 0) - (b.item ?? 0));
  return { writes: rejected.length ? [] : planned.map(({ at: _, ...w }) => w), rejected };
}

export function toExchange(entries: RobotEntry[]): ExchangeEntry[] {
  return entries.map((e) => ({
    key: e.key,
    question: e.question,
    answer: e.answer,
    keywords: e.keywords,
    related: e.related,
    category: e.category,
    enabled: e.enabled,
    language: entryLanguage(e),
    similar: e.similar,
  }));
}

export function writeFile(entries: ExchangeEntry[], format: Format): string {
  if (format === "json") return JSON.stringify(entries, null, 2) + "\n";
  return toCsv([[...COLUMNS], ...entries.map((e) => [e.key, e.question, e.answer, e.keywords.join("|"), e.related.join("|"), e.category, String(e.enabled), e.language, e.similar.join("|")])]);
}
