// The ledger as CSV (the admin's export): written a batch of rows at a time as the response is
// read, so a long ledger never sits in memory. Amounts are plain signed yuan ("-40.00"): a number,
// which csvCell would otherwise guard as a formula because of its minus sign; text cells go
// through csvCell (src/leads/csv.ts) like every other export.
import type { Locale, Translate } from "../i18n";
import { csvCell, csvLines } from "../leads/csv";
import type { LedgerEntry } from "./ledger";
import { fenToYuan } from "./money";
import { chinaDay } from "./reports";

function time(at: number): string {
  // China time, as the platform's days are counted (reports.ts), to the second.
  return `${chinaDay(at)} ${new Date(at + 8 * 3600_000).toISOString().slice(11, 19)}`;
}

export function ledgerCsv(_locale: Locale, t: Translate, rows: Iterable<LedgerEntry>, filename: string): Response {
  const header = ["billing.csv.at", "billing.csv.kind", "billing.csv.amount", "billing.csv.balance_after", "billing.csv.reference", "billing.csv.actor", "billing.csv.memo"].map((k) => csvCell(t(k))).join(",");
  const stream = csvLines(
    (function* () {
      yield header;
      for (const e of rows) yield [csvCell(time(e.at)), csvCell(t(`billing.kind.${e.kind}`)), fenToYuan(e.amount), fenToYuan(e.balanceAfter), csvCell(e.reference), csvCell(e.actorName), csvCell(e.memo)].join(",");
    })(),
  );
  return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" } });
}
