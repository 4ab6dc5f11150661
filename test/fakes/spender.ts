// A separate process that spends from one enterprise's wallet, for the race test: each process has
// its own SQLite connection, so the spends really do race (test/integration/billing-ledger.test.ts).
// Usage: bun test/fakes/spender.ts DATA_DIR ENTERPRISE_ID COUNT AMOUNT_FEN TAG; prints JSON {ok, refused}.
import { spend } from "../../src/billing/ledger";
import { openDatabase } from "../../src/db/client";
import { UserError } from "../../src/errors";

const [dataDir, enterpriseId, countArg, amountArg, tag] = process.argv.slice(2);
const db = openDatabase(dataDir!);
let ok = 0;
let refused = 0;
// Wait for the go signal on stdin so that every process starts spending at the same moment.
for await (const _ of console) break;
for (let i = 0; i < Number(countArg); i++) {
  try {
    spend(db, { enterpriseId: enterpriseId!, kind: "seat_charge", amount: Number(amountArg), idempotencyKey: `race:${tag}:${i}`, actor: { type: "system", id: null, name: "race" } });
    ok++;
  } catch (e) {
    if (!(e instanceof UserError) || e.code !== "insufficient_balance") throw e;
    refused++;
  }
}
console.log(JSON.stringify({ ok, refused }));
db.$client.close();
