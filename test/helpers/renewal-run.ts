// One run of the seat-service renewal job in its own process, on a data directory another process
// (a test server) has open: `bun test/helpers/renewal-run.ts DATA_DIR NOW_MS` prints the run as JSON.
import { openDatabase } from "../../src/db/client";
import { runRenewals } from "../../src/billing/service/renewal";

const [dataDir, now] = process.argv.slice(2);
const db = openDatabase(dataDir!);
console.log(JSON.stringify(runRenewals({ db, config: { mode: "platform" } }, Number(now))));
db.$client.close();
