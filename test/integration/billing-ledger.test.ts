// The ledger (src/billing/ledger.ts): credits and spends, idempotency keys, the balance never below
// zero even when spends race from several processes, the database refusing to rewrite history,
// and `parley billing check` finding the first mismatch.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { balanceOf, checkLedger, credit, entryByKey, ledgerPage, ledgerRows, spend, type LedgerActor } from "../../src/billing/ledger";
import { transaction } from "../../src/db/transaction";
import { UserError } from "../../src/errors";
import { billingDb, expectLedgerConsistent } from "../helpers/billing";
import { runCli } from "../helpers/process";

const SYSTEM: LedgerActor = { type: "system", id: null, name: "test" };
const E1 = "ent_one";
const E2 = "ent_two";
let t: ReturnType<typeof billingDb>;

beforeEach(() => {
  t = billingDb();
});
afterEach(() => {
  expectLedgerConsistent(t.db);
  t.close();
});

const recharge = (enterpriseId: string, amount: number, key: string) => credit(t.db, { enterpriseId, kind: "recharge", amount, idempotencyKey: key, reference: key, actor: SYSTEM });

describe("credits and spends", () => {
  test("the balance is the running sum, per enterprise", () => {
    expect(balanceOf(t.db, E1)).toBe(0);
    recharge(E1, 50000, "r1");
    recharge(E2, 100, "r1"); // the same key in another enterprise is another row
    const s = spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 4000, idempotencyKey: "renew:ent_one:2026-12", actor: SYSTEM });
    expect(s.replayed).toBe(false);
    expect(s.entry.amount).toBe(-4000);
    expect(s.entry.balanceAfter).toBe(46000);
    expect(balanceOf(t.db, E1)).toBe(46000);
    expect(balanceOf(t.db, E2)).toBe(100);
    expect(ledgerPage(t.db, E1).entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ["seat_charge", -4000, 46000],
      ["recharge", 50000, 50000],
    ]);
    expect(ledgerPage(t.db, E1, { kind: "recharge" }).total).toBe(1);
    expect([...ledgerRows(t.db, E1, {}, 1)].map((e) => e.amount)).toEqual([50000, -4000]);
  });

  test("a spend the balance does not cover is refused and writes nothing", () => {
    recharge(E1, 1000, "r1");
    let err: unknown;
    try {
      spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 1001, idempotencyKey: "k", actor: SYSTEM });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe("insufficient_balance");
    expect((err as UserError).status).toBe(402);
    expect(balanceOf(t.db, E1)).toBe(1000);
    expect(entryByKey(t.db, E1, "k")).toBeUndefined();
    // Exactly the balance is allowed, down to zero.
    spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 1000, idempotencyKey: "k", actor: SYSTEM });
    expect(balanceOf(t.db, E1)).toBe(0);
    expect(() => spend(t.db, { enterpriseId: E2, kind: "addon_charge", amount: 1, idempotencyKey: "k", actor: SYSTEM })).toThrow(UserError);
  });

  test("an idempotency key already used returns its row and charges nothing again", () => {
    recharge(E1, 10000, "r1");
    const first = spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 4000, idempotencyKey: "renew:ent_one:2027-01", actor: SYSTEM });
    const again = spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 4000, idempotencyKey: "renew:ent_one:2027-01", actor: SYSTEM });
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(balanceOf(t.db, E1)).toBe(6000);
    expect(recharge(E1, 10000, "r1").replayed).toBe(true);
    expect(balanceOf(t.db, E1)).toBe(6000);
    // The same key for a different charge is a caller's bug, refused.
    expect(() => spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 1, idempotencyKey: "renew:ent_one:2027-01", actor: SYSTEM })).toThrow(UserError);
  });

  test("amounts must be positive whole fen; kinds must fit the direction", () => {
    for (const amount of [0, -1, 0.5, Number.NaN, 1e12]) expect(() => recharge(E1, amount, `bad${amount}`)).toThrow(TypeError);
    expect(() => credit(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 1, idempotencyKey: "x", actor: SYSTEM })).toThrow(TypeError);
    expect(() => spend(t.db, { enterpriseId: E1, kind: "recharge", amount: 1, idempotencyKey: "x", actor: SYSTEM })).toThrow(TypeError);
    expect(balanceOf(t.db, E1)).toBe(0);
  });

  test("inside a caller's transaction the movement rolls back with it", () => {
    recharge(E1, 5000, "r1");
    expect(() =>
      transaction(t.db, () => {
        spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 4000, idempotencyKey: "open:1", actor: SYSTEM });
        throw new Error("what it paid for failed");
      }),
    ).toThrow("what it paid for failed");
    expect(balanceOf(t.db, E1)).toBe(5000);
    expect(entryByKey(t.db, E1, "open:1")).toBeUndefined();
  });
});

describe("the database keeps the ledger append-only", () => {
  test("UPDATE and DELETE of a row are refused", () => {
    recharge(E1, 5000, "r1");
    expect(() => t.db.$client.run("update ledger_entries set amount = 999999")).toThrow(/append-only/);
    expect(() => t.db.$client.run("update ledger_entries set memo = 'x'")).toThrow(/append-only/);
    expect(() => t.db.$client.run("delete from ledger_entries")).toThrow(/append-only/);
    expect(balanceOf(t.db, E1)).toBe(5000);
  });

  test("a row that does not continue the chain, or goes below zero, is refused", () => {
    recharge(E1, 5000, "r1");
    const insert = (amount: number, after: number) =>
      t.db.$client.run("insert into ledger_entries (enterprise_id, kind, amount, balance_after, idempotency_key, actor_type, at) values (?, 'adjustment', ?, ?, ?, 'system', 0)", [E1, amount, after, `raw${amount}${after}`]);
    expect(() => insert(100, 999999)).toThrow(/balance_after/);
    expect(() => insert(-6000, -1000)).toThrow(/balance_after/);
  });
});

describe("racing spends", () => {
  test("50 spends at once in one server against a balance that covers 10: exactly 10 pass", async () => {
    recharge(E1, 10 * 4000, "r1");
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => Promise.resolve().then(() => spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 4000, idempotencyKey: `s${i}`, actor: SYSTEM }))),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(10);
    expect(results.filter((r) => r.status === "rejected" && (r.reason as UserError).code === "insufficient_balance").length).toBe(40);
    expect(balanceOf(t.db, E1)).toBe(0);
  });

  test("50 spends from 5 processes, each with its own connection, against a balance that covers 10: exactly 10 pass", async () => {
    recharge(E1, 10 * 4000, "r1");
    const procs = Array.from({ length: 5 }, (_, i) =>
      Bun.spawn([process.execPath, join(import.meta.dir, "../fakes/spender.ts"), t.dataDir, E1, "10", "4000", `p${i}`], { stdin: "pipe", stdout: "pipe", stderr: "pipe" }),
    );
    // All are started and waiting; the newline lets them go at once.
    for (const p of procs) {
      p.stdin.write("go\n");
      p.stdin.flush();
    }
    const outs = await Promise.all(
      procs.map(async (p) => {
        const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
        if (code !== 0) throw new Error(`spender failed: ${err}`);
        return JSON.parse(out) as { ok: number; refused: number };
      }),
    );
    expect(outs.reduce((n, o) => n + o.ok, 0)).toBe(10);
    expect(outs.reduce((n, o) => n + o.refused, 0)).toBe(40);
    expect(balanceOf(t.db, E1)).toBe(0);
    expect(ledgerPage(t.db, E1, { kind: "seat_charge" }).total).toBe(10);
  });
});

describe("parley billing check", () => {
  test("passes on a consistent ledger and exits 1 naming the first mismatch", async () => {
    recharge(E1, 5000, "r1");
    recharge(E2, 700, "r1");
    spend(t.db, { enterpriseId: E1, kind: "seat_charge", amount: 1000, idempotencyKey: "c1", actor: SYSTEM });
    const ok = await runCli(["billing", "check", "--data", t.dataDir]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, wallets: 2, entries: 3 });
    // Someone edits the wallet behind the ledger's back (the ledger rows themselves cannot be changed).
    t.db.$client.run("update wallets set balance = balance + 100 where enterprise_id = ?", [E2]);
    expect(checkLedger(t.db)).toMatchObject({ enterpriseId: E2, problem: "wallet", expected: 700, found: 800 });
    const bad = await runCli(["billing", "check", "--data", t.dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`enterprise ${E2}`);
    expect(bad.stderr).toContain("expected 700 fen, found 800 fen");
    t.db.$client.run("update wallets set balance = balance - 100 where enterprise_id = ?", [E2]);
  });

  test("a broken chain is found at its row (triggers dropped, as an old or tampered file might be)", () => {
    recharge(E1, 5000, "r1");
    t.db.$client.run("drop trigger ledger_entries_chain");
    t.db.$client.run("insert into ledger_entries (enterprise_id, kind, amount, balance_after, idempotency_key, actor_type, at) values (?, 'adjustment', 100, 9999, 'raw', 'system', 0)", [E1]);
    const id = (t.db.$client.query("select max(id) as id from ledger_entries").get() as { id: number }).id;
    expect(checkLedger(t.db)).toMatchObject({ enterpriseId: E1, entryId: id, problem: "balance_after", expected: 5100, found: 9999 });
    // Put it right for afterEach's check: the chain continues from the bad row's claimed balance.
    t.db.$client.run("drop trigger ledger_entries_no_delete");
    t.db.$client.run("delete from ledger_entries where id = ?", [id]);
  });
});
