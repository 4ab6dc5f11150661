// Rows kept in memory (src/db/kept-rows.ts) stay the table's: sites by key, read by every widget
// request and hello, are one shared row until anything writes the table, here or elsewhere; so are
// a site's business hours and an enterprise's webhook endpoints (asked on every event), its live
// visitor blocks (asked on every hello, beacon and form post) and its compiled banned words (every message).
import { Database } from "bun:sqlite";
import { afterEach, beforeEach, expect, test } from "bun:test";
import { blockVisitor, isBlocked, liftBlock } from "../../src/blocking/blocks";
import { databasePath, type Db } from "../../src/db/client";
import { KeptRows } from "../../src/db/kept-rows";
import { transaction } from "../../src/db/transaction";
import { expectedWrite } from "../../src/db/write-watch";
import { saveSchedule, scheduleOf } from "../../src/hours/hours";
import type { Schedule } from "../../src/hours/schedule";
import { addWords, BannedWordError, moderate, removeWords, setModerationAction } from "../../src/moderation/words";
import { setSiteRobot } from "../../src/robot/switch";
import { renameSite, siteByKey } from "../../src/sites/sites";
import { saveStyle, styleOf } from "../../src/sites/style";
import { endpointsOf, getEndpoint, setEnabled } from "../../src/webhooks/endpoints";
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

test("kept rows made from several tables are dropped on a write of any of them, and only of them", () => {
  const kept = new KeptRows<string, { n: number }>(db, { table: ["sites", "business_hours"], max: 10 });
  const fill = () => (kept.keep("a", { n: 1 }), kept.keep("b", { n: 2 }));
  fill();
  db.$client.run("update users set name = name"); // neither table
  expect(kept.size).toBe(2);
  db.$client.run("update sites set name = name");
  expect(kept.size).toBe(0);
  fill();
  db.$client.run("delete from business_hours where site_id = 'none'");
  expect(kept.size).toBe(0);
});

/** Another connection to the same file (the command line, a second process): its commits are seen through data_version. */
function elsewhere(sql: string, ...params: (string | number)[]): void {
  const other = new Database(databasePath(t.dir));
  other.run(sql, params);
  other.close();
}

const weekdays = (timeZone: string): Schedule => ({ timeZone, weekly: [[], [{ from: 540, to: 1080 }], [], [], [], [], []], exceptions: [] });

test("a site's business hours are kept (none too), and any write of the table is seen: raw SQL, another connection, a rollback", () => {
  const siteId = t.siteId;
  expect(scheduleOf(db, eid, siteId)).toBeNull(); // always open, and kept so
  db.$client.run("insert into business_hours (site_id, enterprise_id, schedule, updated_at) values (?, ?, ?, 1)", [siteId, eid, JSON.stringify(weekdays("Asia/Shanghai"))]);
  const shanghai = scheduleOf(db, eid, siteId)!;
  expect(shanghai.timeZone).toBe("Asia/Shanghai");
  expect(scheduleOf(db, eid, siteId)).toBe(shanghai); // read once, then the kept one
  elsewhere("update business_hours set schedule = ? where site_id = ?", JSON.stringify(weekdays("Europe/Paris")), siteId);
  expect(scheduleOf(db, eid, siteId)!.timeZone).toBe("Europe/Paris");
  expect(() =>
    transaction(db, () => {
      saveSchedule(db, eid, siteId, weekdays("America/New_York"));
      expect(scheduleOf(db, eid, siteId)!.timeZone).toBe("America/New_York"); // kept inside the transaction…
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(scheduleOf(db, eid, siteId)!.timeZone).toBe("Europe/Paris"); // …and dropped with it
  elsewhere("delete from business_hours where site_id = ?", siteId);
  expect(scheduleOf(db, eid, siteId)).toBeNull();
});

test("an enterprise's webhook endpoints are kept for the outbox, and any write of the table is seen: raw SQL, another connection, a rollback", () => {
  const insert = "insert into webhook_endpoints (id, enterprise_id, url, events, secret, enabled, created_at) values (?, ?, ?, ?, 'whsec', 1, ?)";
  const events = JSON.stringify(["conversation.created"]);
  expect(endpointsOf(db, eid)).toEqual([]); // none, and kept so
  db.$client.run(insert, ["whk_a", eid, "https://a.example/hook", events, 1]);
  const list = endpointsOf(db, eid);
  expect(list.map((e) => e.id)).toEqual(["whk_a"]);
  expect(endpointsOf(db, eid)).toBe(list); // read once, then the kept list
  expect(Object.isFrozen(list) && Object.isFrozen(list[0])).toBe(true);
  elsewhere(insert, "whk_b", eid, "https://b.example/hook", events, 2);
  expect(endpointsOf(db, eid).map((e) => e.id)).toEqual(["whk_a", "whk_b"]);
  expect(() =>
    transaction(db, () => {
      setEnabled(db, eid, "whk_a", false);
      expect(getEndpoint(db, eid, "whk_a")!.enabled).toBe(false); // kept inside the transaction…
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(getEndpoint(db, eid, "whk_a")!.enabled).toBe(true); // …and dropped with it
  elsewhere("delete from webhook_endpoints where id = ?", "whk_a");
  expect(endpointsOf(db, eid).map((e) => e.id)).toEqual(["whk_b"]);
});

test("an enterprise's live visitor blocks are kept, and any write of the table is seen: raw SQL, another connection, a rollback", () => {
  const now = Date.now();
  const insert = "insert into visitor_blocks (id, enterprise_id, visitor_id, ip, created_by_name, created_at, expires_at) values (?, ?, ?, ?, 'Ann', ?, ?)";
  expect(isBlocked(db, eid, "v1", "10.0.0.1", now)).toBe(false); // none, and kept so
  db.$client.run(insert, ["blk_a", eid, "v1", "", now, null]);
  expect(isBlocked(db, eid, "v1", "10.0.0.1", now)).toBe(true);
  expect(isBlocked(db, eid, "v2", "10.0.0.1", now)).toBe(false);
  // Read once, then the kept blocks: a block slipped in unseen (inside expectedWrite) is not read.
  expectedWrite(db.$client, () => db.$client.run(insert, ["blk_hidden", eid, "v9", "", now, null]));
  expect(isBlocked(db, eid, "v9", null, now)).toBe(false);
  elsewhere(insert, "blk_b", eid, "v3", "10.0.0.1", now, now + 60_000);
  expect(isBlocked(db, eid, "v2", "10.0.0.1", now)).toBe(true); // by address, until it expires
  expect(isBlocked(db, eid, "v2", "10.0.0.1", now + 60_000)).toBe(false);
  elsewhere("update visitor_blocks set lifted_at = ? where id = ?", now, "blk_a");
  expect(isBlocked(db, eid, "v1", null, now)).toBe(false);
  expect(() =>
    transaction(db, () => {
      blockVisitor(db, eid, { visitorId: "v4", withIp: false, reason: "", duration: "1d", conversationId: "", by: { id: null, name: "Ann" } }, now);
      expect(isBlocked(db, eid, "v4", null, now)).toBe(true); // kept inside the transaction…
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(isBlocked(db, eid, "v4", null, now)).toBe(false); // …and dropped with it
  const kept = blockVisitor(db, eid, { visitorId: "v4", withIp: false, reason: "", duration: "permanent", conversationId: "", by: { id: null, name: "Ann" } }, now);
  expect(isBlocked(db, eid, "v4", null, now)).toBe(true);
  liftBlock(db, eid, kept.id, "Ada", now);
  expect(isBlocked(db, eid, "v4", null, now)).toBe(false);
  expect(isBlocked(db, "ent_other", "v3", "10.0.0.1", now)).toBe(false); // another enterprise's blocks are its own
});

test("an enterprise's banned words are compiled once and reused, and any write of either table is seen: raw SQL, another connection, a rollback", () => {
  const insert = "insert into banned_words (id, enterprise_id, word, created_at) values (?, ?, ?, 1)";
  expect(moderate(db, eid, "我要刷单")).toBe("我要刷单"); // no words, and kept so
  db.$client.run(insert, ["bw_a", eid, "刷单"]);
  expect(moderate(db, eid, "我要刷单")).toBe("我要***");
  // Reused between messages: a word slipped in unseen (as its own writer would, inside expectedWrite) is not read.
  expectedWrite(db.$client, () => db.$client.run(insert, ["bw_hidden", eid, "要"]));
  expect(moderate(db, eid, "我要刷单")).toBe("我要***");
  db.$client.run("delete from banned_words where id = 'bw_hidden'");
  elsewhere("insert into moderation_settings (enterprise_id, action, updated_at) values (?, 'refuse', 1)", eid);
  expect(() => moderate(db, eid, "我要刷单")).toThrow(BannedWordError);
  db.$client.run("update moderation_settings set action = 'mask' where enterprise_id = ?", [eid]);
  expect(moderate(db, eid, "我要刷单")).toBe("我要***");
  elsewhere("delete from banned_words where id = ?", "bw_a");
  expect(moderate(db, eid, "我要刷单")).toBe("我要刷单");
  expect(() =>
    transaction(db, () => {
      addWords(db, eid, ["代开发票"]);
      setModerationAction(db, eid, "refuse");
      expect(() => moderate(db, eid, "能代开发票吗")).toThrow(BannedWordError); // kept inside the transaction…
      throw new Error("undone");
    }),
  ).toThrow("undone");
  expect(moderate(db, eid, "能代开发票吗")).toBe("能代开发票吗"); // …and dropped with it
  // The module's own writes drop only their enterprise's automaton: another's is reused.
  db.$client.run(insert, ["bw_o", "ent_other", "刷单"]);
  expect(moderate(db, "ent_other", "刷单了")).toBe("***了");
  expectedWrite(db.$client, () => db.$client.run(insert, ["bw_o2", "ent_other", "了"]));
  addWords(db, eid, ["发票"]);
  expect(moderate(db, eid, "发票")).toBe("***");
  expect(moderate(db, "ent_other", "刷单了")).toBe("***了");
  removeWords(db, eid, [(db.$client.query("select id from banned_words where word = '发票'").get() as { id: string }).id]);
  expect(moderate(db, eid, "发票")).toBe("发票");
  expect(moderate(db, "ent_other", "刷单了")).toBe("***了");
});
