// Bank transfers (对公转账): a verified admin records a transfer on the account page; an operator
// approves it (credited once, however often approved) or rejects it with a reason; only operators
// decide; only verified enterprises recharge; company mode shows no wallet. Every test ends with
// the ledger check.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { balanceOf, ledgerPage } from "../../src/billing/ledger";
import { decideTransfer } from "../../src/billing/recharge";
import { saveBillingSettings } from "../../src/billing/settings";
import { UserError } from "../../src/errors";
import { BANK_ACCOUNT, expectLedgerConsistent, shownBalance, today, verifiedFirm } from "../helpers/billing";
import { operatorClient, PDF_BYTES, PNG_BYTES, postMultipart, SCRIPT_BYTES, signUpFirm, startPlatform } from "../helpers/platform";
import { startServer, type TestServer } from "../helpers/server";
import { HttpClient } from "../helpers/http";

let srv: TestServer;

beforeAll(async () => {
  srv = await startPlatform();
  saveBillingSettings(srv.db, { bankAccount: BANK_ACCOUNT });
});
afterAll(() => srv.stop());
afterEach(() => expectLedgerConsistent(srv.db));

const record = (client: HttpClient, fields: Record<string, string>, file?: { field: string; bytes: Uint8Array; name: string; type: string }) =>
  postMultipart(client, "/admin/settings/account/recharges/bank", { amount: "500", payer: "福州某某科技有限公司", date: today(), ...fields }, file);

function pendingOrder(enterpriseId: string): { id: string; amount: number; state: string; reference_code: string } {
  return srv.db.$client.query("select id, amount, state, reference_code from recharge_orders where enterprise_id = ? order by created_at desc limit 1").get(enterpriseId) as any;
}

describe("recording a bank transfer", () => {
  test("a verified admin sees the account, the remark to write and the form; the transfer waits for the operator", async () => {
    const firm = await verifiedFirm(srv);
    const page = await (await firm.client.get("/admin/settings/account")).text();
    expect(page).toContain('data-testid="recharge-bank"');
    expect(shownBalance(page)).toBe(0);
    expect(page).toContain("招商银行福州分行");
    const displayId = (srv.db.$client.query("select display_id from platform_accounts where enterprise_id = ?").get(firm.enterpriseId) as { display_id: string }).display_id;
    expect(page).toContain(`data-testid="transfer-remark">${displayId}<`);
    const res = await record(firm.client, { amount: "500.00" }, { field: "receipt", bytes: PNG_BYTES, name: "回单.png", type: "image/png" });
    expect(res.status).toBe(303);
    const order = pendingOrder(firm.enterpriseId);
    expect(order).toMatchObject({ amount: 50000, state: "pending" });
    // The balance grows only after the audit (seed FAQ 8).
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    const after = await (await firm.client.get("/admin/settings/account/recharge?recorded=1")).text();
    expect(after).toContain('data-state="pending"');
    expect(after).toContain("Waiting for the platform");
    expect(after).toContain('data-testid="recharge-notice"');
    // The receipt file is the enterprise's own: its admin gets it, another enterprise does not.
    expect((await firm.client.get(`/admin/settings/account/recharges/${order.id}/file`)).status).toBe(200);
    const other = await verifiedFirm(srv);
    expect((await other.client.get(`/admin/settings/account/recharges/${order.id}/file`)).status).toBe(404);
    expect((await other.client.get(`/admin/settings/account/recharges/${order.id}/receipt`)).status).toBe(404);
  });

  test("bad amounts, below the minimum, a bad date, a missing payer or a disguised receipt are refused and record nothing", async () => {
    const firm = await verifiedFirm(srv);
    const cases: [Record<string, string>, string, { field: string; bytes: Uint8Array; name: string; type: string }?][] = [
      [{ amount: "500.001" }, "Enter an amount in yuan"],
      [{ amount: "-500" }, "Enter an amount in yuan"],
      [{ amount: "1e5" }, "Enter an amount in yuan"],
      [{ amount: "99999999999" }, "Enter an amount in yuan"],
      [{ amount: "99.99" }, "The smallest recharge is ¥100.00"],
      [{ date: "2026-02-30" }, "transfer date"],
      [{ date: "2999-01-01" }, "transfer date"],
      [{ payer: "" }, "paying account"],
      [{}, "must be an image", { field: "receipt", bytes: SCRIPT_BYTES, name: "receipt.png", type: "image/png" }],
    ];
    for (const [fields, words, file] of cases) {
      const res = await record(firm.client, fields, file);
      expect(res.status).toBeGreaterThanOrEqual(400);
      const html = await res.text();
      expect(html).toContain('data-testid="recharge-error"');
      expect(html).toContain(words);
      // The form keeps what was typed.
      expect(html).toContain('data-testid="recharge-bank"');
    }
    expect(srv.db.$client.query("select count(*) as n from recharge_orders where enterprise_id = ?").get(firm.enterpriseId)).toEqual({ n: 0 });
  });

  test("the operator's minimum applies; a PDF receipt is accepted", async () => {
    saveBillingSettings(srv.db, { minRechargeFen: "1000" });
    try {
      const firm = await verifiedFirm(srv);
      expect((await record(firm.client, { amount: "999.99" })).status).toBe(400);
      expect((await record(firm.client, { amount: "1000" }, { field: "receipt", bytes: PDF_BYTES, name: "slip.pdf", type: "application/pdf" })).status).toBe(303);
      expect(pendingOrder(firm.enterpriseId).amount).toBe(100000);
    } finally {
      saveBillingSettings(srv.db, { minRechargeFen: "100" });
    }
  });

  test("an enterprise on trial is told why it cannot recharge and is refused", async () => {
    const firm = await signUpFirm(srv);
    const page = await (await firm.client.get("/admin/settings/account")).text();
    expect(page).toContain('data-testid="recharge-closed"');
    expect(page).toContain("Recharging opens once your enterprise is verified");
    expect(page).not.toContain('data-testid="recharge-bank"');
    const res = await record(firm.client, {});
    expect(res.status).toBe(403);
    expect(srv.db.$client.query("select count(*) as n from recharge_orders where enterprise_id = ?").get(firm.enterpriseId)).toEqual({ n: 0 });
  });
});

describe("the operator's audit", () => {
  test("approve credits the balance once, even when approved twice or at the same moment; the admin sees balance, row and receipt", async () => {
    const firm = await verifiedFirm(srv);
    await record(firm.client, { amount: "1,234.56" });
    const order = pendingOrder(firm.enterpriseId);
    const op = await operatorClient(srv);
    const queue = await (await op.client.get("/operator/billing/transfers")).text();
    expect(queue).toContain(`data-id="${order.id}"`);
    expect(queue).toContain("¥1,234.56");
    expect(queue).toContain('data-testid="operator-transfer-approve"');
    const token = await op.client.csrf("/operator/billing/transfers");
    const [a, b] = await Promise.all([op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token }), op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token })).status).toBe(303);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(123456);
    expect(ledgerPage(srv.db, firm.enterpriseId).entries.map((e) => [e.kind, e.amount, e.reference])).toEqual([["recharge", 123456, order.id]]);
    expect(pendingOrder(firm.enterpriseId).state).toBe("paid");
    // Both logs hold it once.
    expect((srv.db.$client.query("select count(*) as n from operator_audit where action = 'recharge.approved' and target_id = ?").get(order.id) as { n: number }).n).toBe(1);
    expect((srv.db.$client.query("select count(*) as n from audit_log where action = 'recharge.paid' and target_id = ?").get(order.id) as { n: number }).n).toBe(1);
    // Rejecting after the approval is refused.
    const late = await op.client.post(`/operator/billing/transfers/${order.id}/reject`, { _csrf: token, reason: "too late" });
    expect(late.status).toBe(409);
    const page = await (await firm.client.get("/admin/settings/account")).text();
    expect(shownBalance(page)).toBe(123456);
    const ledger = await (await firm.client.get("/admin/settings/account/ledger")).text();
    expect(ledger).toContain('data-testid="ledger-row" data-kind="recharge" data-amount="123456"');
    const receipt = await (await firm.client.get(`/admin/settings/account/recharges/${order.id}/receipt`)).text();
    expect(receipt).toContain('data-testid="receipt" data-state="paid"');
    expect(receipt).toContain("¥1,234.56");
    expect(receipt).toContain(order.reference_code);
  });

  test("reject needs a reason; the admin sees it; nothing is credited", async () => {
    const firm = await verifiedFirm(srv);
    await record(firm.client, { amount: "300" });
    const order = pendingOrder(firm.enterpriseId);
    const op = await operatorClient(srv);
    const token = await op.client.csrf("/operator/billing/transfers");
    const noReason = await op.client.post(`/operator/billing/transfers/${order.id}/reject`, { _csrf: token, reason: " " });
    expect(noReason.status).toBe(400);
    expect(pendingOrder(firm.enterpriseId).state).toBe("pending");
    expect((await op.client.post(`/operator/billing/transfers/${order.id}/reject`, { _csrf: token, reason: "款项未到账 <b>no</b>" })).status).toBe(303);
    expect(pendingOrder(firm.enterpriseId).state).toBe("rejected");
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    const page = await (await firm.client.get("/admin/settings/account")).text();
    expect(page).toContain('data-state="rejected"');
    expect(page).toContain("款项未到账 &lt;b>no&lt;/b>");
    expect(page).not.toContain("<b>no</b>");
    // An approval after the rejection changes nothing.
    expect((await op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token })).status).toBe(409);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
    expect(() => decideTransfer(srv.db, { id: "x", name: "x" }, order.id, "approve", "")).toThrow(UserError);
  });

  test("a non-operator cannot see the queue or approve", async () => {
    const firm = await verifiedFirm(srv);
    await record(firm.client, { amount: "200" });
    const order = pendingOrder(firm.enterpriseId);
    const token = await firm.client.csrf("/admin/settings/account");
    expect((await firm.client.get("/operator/billing/transfers")).status).toBe(403);
    expect((await firm.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token })).status).toBe(403);
    const anonymous = new HttpClient(srv.url);
    const res = await anonymous.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: "x" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toStartWith("/operator/login");
    expect(pendingOrder(firm.enterpriseId).state).toBe("pending");
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(0);
  });

  test("at most 5 transfers wait at once per enterprise", async () => {
    const firm = await verifiedFirm(srv);
    for (let i = 0; i < 5; i++) expect((await record(firm.client, { amount: String(100 + i) })).status).toBe(303);
    const sixth = await record(firm.client, { amount: "106" });
    expect(sixth.status).toBe(429);
  });
});

describe("the ledger for the admin", () => {
  test("filters by kind and days, and exports CSV with signed yuan", async () => {
    const firm = await verifiedFirm(srv);
    await record(firm.client, { amount: "500" });
    const order = pendingOrder(firm.enterpriseId);
    const op = await operatorClient(srv);
    const token = await op.client.csrf("/operator/billing/transfers");
    await op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token });
    const { spend } = await import("../../src/billing/ledger");
    spend(srv.db, { enterpriseId: firm.enterpriseId, kind: "seat_charge", amount: 4000, idempotencyKey: "renew:test", actor: { type: "system", id: null, name: "billing" } });
    const charges = await (await firm.client.get("/admin/settings/account/ledger?kind=seat_charge")).text();
    expect(charges).toContain('data-kind="seat_charge"');
    expect(charges).not.toContain('data-kind="recharge"');
    const future = await (await firm.client.get("/admin/settings/account/ledger?from=2999-01-01")).text();
    expect(future).not.toContain('data-testid="ledger-row"');
    const csv = await firm.client.get("/admin/settings/account/ledger.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(lines[0]).toStartWith("Time (China),Kind,Amount (yuan)");
    expect(lines[1]).toContain(",Recharge,500.00,500.00,");
    expect(lines[2]).toContain(",Seat service,-40.00,460.00,");
  });
});

describe("the operator's views of money", () => {
  test("an enterprise's ledger, a manual adjustment with a required reason (audited, once per form), totals per day and channel", async () => {
    const firm = await verifiedFirm(srv);
    await record(firm.client, { amount: "250" });
    const order = pendingOrder(firm.enterpriseId);
    const op = await operatorClient(srv);
    let token = await op.client.csrf("/operator/billing/transfers");
    await op.client.post(`/operator/billing/transfers/${order.id}/approve`, { _csrf: token });
    const base = `/operator/billing/enterprises/${firm.enterpriseId}`;
    const page = await (await op.client.get(base)).text();
    expect(page).toContain('data-testid="ledger-row" data-kind="recharge" data-amount="25000"');
    expect(shownBalance(page)).toBe(25000);
    const key = /name="key" value="([a-z0-9]+)"/.exec(page)![1]!;
    token = await op.client.csrf(base);
    const noReason = await op.client.post(`${base}/adjust`, { _csrf: token, key, direction: "credit", amount: "10", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Enter a reason");
    const tooMuch = await op.client.post(`${base}/adjust`, { _csrf: token, key, direction: "debit", amount: "251", reason: "correction" });
    expect(tooMuch.status).toBe(402);
    // A direction that is neither credit nor debit (a typo, a tampered form) is refused, not taken as a credit.
    for (const direction of ["Debit", "", "refund", "debit "]) {
      const odd = await op.client.post(`${base}/adjust`, { _csrf: token, key, direction, amount: "10", reason: "correction" });
      expect([direction, odd.status]).toEqual([direction, 400]);
      expect(await odd.text()).toContain("Choose whether to add to the balance or take from it");
    }
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(25000);
    const form = { _csrf: token, key, direction: "credit", amount: "10.5", reason: "补偿：服务中断 <i>2h</i>" };
    expect((await op.client.post(`${base}/adjust`, form)).status).toBe(303);
    // The same form sent twice adjusts once.
    expect((await op.client.post(`${base}/adjust`, form)).status).toBe(303);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(26050);
    const after = await (await op.client.get(`${base}?adjusted=1`)).text();
    expect(after).toContain("补偿：服务中断 &lt;i>2h&lt;/i>");
    expect((srv.db.$client.query("select count(*) as n from operator_audit where action = 'wallet.adjusted' and subject_enterprise_id = ?").get(firm.enterpriseId) as { n: number }).n).toBe(1);
    // The admin sees the adjustment as the platform's, with its reason.
    const ledger = await (await firm.client.get("/admin/settings/account/ledger")).text();
    expect(ledger).toContain('data-kind="adjustment" data-amount="1050"');
    const totals = await (await op.client.get("/operator/billing/totals")).text();
    expect(totals).toContain('data-testid="recharge-totals"');
    expect(totals).toMatch(/data-testid="totals-sum">¥[\d,]+\.\d\d</);
    // Enterprise users cannot adjust.
    expect((await firm.client.post(`${base}/adjust`, { ...form, _csrf: await firm.client.csrf("/admin/settings/account"), key: "abcdefghijklmnop1" })).status).toBe(403);
    expect(balanceOf(srv.db, firm.enterpriseId)).toBe(26050);
  });
});

test("company mode has no wallet", async () => {
  const company = await startServer();
  try {
    const admin = new HttpClient(company.url);
    await admin.login(company.admin.email, company.admin.password);
    const page = await (await admin.get("/admin/settings/account")).text();
    expect(page).not.toContain('data-testid="wallet"');
    expect(page).not.toContain('data-testid="balance"');
    expect((await admin.get("/admin/settings/account/recharge")).status).toBe(404);
    expect((await admin.get("/admin/settings/account/ledger")).status).toBe(404);
  } finally {
    await company.stop();
  }
});
