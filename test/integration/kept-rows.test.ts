// Rows kept in memory (src/db/kept-rows.ts) stay the table's: sites by key, read by every widget
// request and hello, are one shared row until anything writes the table, here or elsewhere.
import { Database } from "bun:sqlite";
import { afterEach, beforeEach, expect, test } from "bun:test";
import { databasePath, type Db } from "../../src/db/client";
import { KeptRows } from "../../src/db/kept-rows";
import { transaction } from "../../src/db/transaction";
import { setSiteRobot } from "../../src/robot/switch";
import { renameSite, siteByKey } from "../../src/sites/sites";
import { saveStyle, styleOf } from "../../src/sites/style";
import { companyDatabase, type CompanyDatabase } from "../helpers/server";

let t: CompanyDatabase;
let db: Db;
let eid = "";
let key = "";

beforeEach(async () => {
  t = await companyDatabase("Kept");
  ({ db, enterpriseId: eid, siteKey: key } = t);
});
afterEach(() => t.close());

test("a site is read once by its key and shared, until anything writes the sites table", () => {
  const first = siteByKey(db, key)!;
  expect(siteByKey(db, key)).toBe(first); // the same object: sockets no longer hold a copy each
  expect(Object.isFrozen(first)).toBe(true);
  renameSite(db, eid, first.id, "Renamed");
  expect(siteByKey(db, key)!.name).toBe("Renamed");
  const style = styleOf(first);
  saveStyle(db, eid, first.id, { ...style, desktop: { ...style.desktop, color: "#16a34a" } });
  expect(styleOf(siteByKey(db, key)!).desktop.color).toBe("#16a34a");
  setSiteRobot(db, eid, first.id, true);
  expect(siteByKey(db, key)!.robotEnabled).toBe(true);
  db.$client.run("update sites set name = 'Raw' where id = ?", [first.id]);
  expect(siteByKey(db, key)!.name).toBe("Raw");
  const other = new Database(databasePath(t.dir));
  other.run("update sites set name = 'Elsewhere' where id = ?", [first.id]);
  other.close();
  expect(siteByKey(db, key)!.name).toBe("Elsewhere");
  expect(siteByKey(db, "no-such-key")).toBeUndefined();
});

test("kept rows: bounded (the earliest go first, each one told), dropped on a rollback and on a write of their table only", () => {
  const dropped: string[] = [];
  let cleared = 0;
  const kept = new KeptRows<string, { n: number }>(db, { table: "sites", max: 2, dropped: (k) => dropped.push(k), cleared: () => cleared++ });
  kept.keep("a", { n: 1 });
  kept.keep("b", { n: 2 });
  kept.keep("c", { n: 3 });
  expect(kept.size).toBe(2);
  expect(kept.get("a")).toBeUndefined();
  expect(dropped).toEqual(["a"]);
  kept.keep("b", { n: 4 }); // a new row for a kept key replaces it, nothing else goes
  expect([kept.get("b")?.n, kept.get("c")?.n]).toEqual([4, 3]);
  db.$client.run("update users set name = name"); // another table: nothing changes
  expect(kept.size).toBe(2);
  expect(() =>
    transaction(db, () => {
      kept.keep("d", { n: 5 });
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(kept.size).toBe(0);
  expect(cleared).toBe(1);
});
