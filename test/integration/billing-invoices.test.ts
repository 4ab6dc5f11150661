// Invoices (发票): an admin asks for an invoice over what the enterprise has spent (never more, never
// twice over the same money); the operator attaches the invoice file (checked by content) or rejects
// with a reason; the file goes only to that enterprise; only operators decide.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { credit, spend } from "../../src/billing/ledger";
import { invoiceable } from "../../src/billing/invoices";
import { expectLedgerConsistent, verifiedFirm } from "../helpers/billing";
import { operatorClient, PDF_BYTES, postMultipart, SCRIPT_BYTES, startPlatform, VALID_CODES } from "../helpers/platform";
import type { TestServer } from "../helpers/server";

let srv: TestServer;
beforeAll(async () => {
  srv = await startPlatform();
});
afterAll(() => srv.stop());
afterEach(() => expectLedgerConsistent(srv.db));

const SYSTEM = { type: "system" as const, id: null, name: "test" };

async function firmThatSpent(fen: number) {
  const firm = await verifiedFirm(srv);
  credit(srv.db, { enterpriseId: firm.enterpriseId, kind: "recharge", amount: 100_000, idempotencyKey: "recharge:test", actor: SYSTEM });
  spend(srv.db, { enterpriseId: firm.enterpriseId, kind: "seat_charge", amount: fen, idempotencyKey: "renew:test", actor: SYSTEM });
  return firm;
}

const invoiceForm = (over: Record<string, string> = {}) => ({ kind: "normal", title: "福州好运贸易有限公司", taxId: VALID_CODES[0]!, details: "", amount: "80", ...over });

test("at most what was spent and not yet invoiced; the form says how much; bad input refused", async () => {
  const firm = await firmThatSpent(8000);
  const page = await (await firm.client.get("/admin/settings/account/invoices")).text();
  expect(page).toContain('data-testid="invoice-available" data-fen="8000"');
  const token = await firm.client.csrf("/admin/settings/account/invoices");
  const post = (over: Record<string, string>) => firm.client.post("/admin/settings/account/invoices", { _csrf: token, ...invoiceForm(over) });
  // Recharged money not spent is not invoiceable.
  expect((await post({ amount: "80.01" })).status).toBe(400);
  expect((await post({ taxId: "91350100M000100Y44" })).status).toBe(400);
  expect((await post({ kind: "special" })).status).toBe(400); // a special invoice needs the details
  expect((await post({ kind: "other" })).status).toBe(400);
  expect((await post({ title: "" })).status).toBe(400);
  expect((await post({ amount: "50" })).status).toBe(303);
  expect(invoiceable(srv.db, firm.enterpriseId)).toBe(3000);
  const over = await post({ amount: "30.01" });
  expect(over.status).toBe(400);
  expect(await over.text()).toContain("at most ¥30.00");
  expect((await post({ amount: "30", kind: "special", details: "福州市鼓楼区 0591-1234567 招商银行 5919000" })).status).toBe(303);
  expect(invoiceable(srv.db, firm.enterpriseId)).toBe(0);
  const after = await (await firm.client.get("/admin/settings/account/invoices")).text();
  expect(after).not.toContain('data-testid="invoice-form"');
  expect(after.match(/data-testid="invoice-row"/g)?.length).toBe(2);
});

test("the operator attaches the invoice: the admin downloads it, no other enterprise can; rejecting frees the amount", async () => {
  const firm = await firmThatSpent(4000);
  const token = await firm.client.csrf("/admin/settings/account/invoices");
  await firm.client.post("/admin/settings/account/invoices", { _csrf: token, ...invoiceForm({ amount: "40" }) });
  const id = (srv.db.$client.query("select id from invoice_requests where enterprise_id = ?").get(firm.enterpriseId) as { id: string }).id;
  // Not an operator: refused.
  expect((await postMultipart(firm.client, `/operator/billing/invoices/${id}/issue`, {}, { field: "file", bytes: PDF_BYTES, name: "fapiao.pdf", type: "application/pdf" }, "/admin/settings/account/invoices")).status).toBe(403);
  const op = await operatorClient(srv);
  const queue = await (await op.client.get("/operator/billing/invoices")).text();
  expect(queue).toContain(`data-id="${id}"`);
  // A script calling itself a PDF is refused.
  const bad = await postMultipart(op.client, `/operator/billing/invoices/${id}/issue`, {}, { field: "file", bytes: SCRIPT_BYTES, name: "fapiao.pdf", type: "application/pdf" }, "/operator/billing/invoices");
  expect(bad.status).toBeGreaterThanOrEqual(400);
  const ok = await postMultipart(op.client, `/operator/billing/invoices/${id}/issue`, {}, { field: "file", bytes: PDF_BYTES, name: "fapiao.pdf", type: "application/pdf" }, "/operator/billing/invoices");
  expect(ok.status).toBe(303);
  const again = await postMultipart(op.client, `/operator/billing/invoices/${id}/issue`, {}, { field: "file", bytes: PDF_BYTES, name: "fapiao.pdf", type: "application/pdf" }, "/operator/billing/invoices");
  expect(again.status).toBe(409);
  const file = await firm.client.get(`/admin/settings/account/invoices/${id}/file`);
  expect(file.status).toBe(200);
  expect(file.headers.get("content-type")).toBe("application/pdf");
  const other = await verifiedFirm(srv);
  expect((await other.client.get(`/admin/settings/account/invoices/${id}/file`)).status).toBe(404);

  // A second request, rejected with a reason: its amount can be asked again.
  credit(srv.db, { enterpriseId: firm.enterpriseId, kind: "recharge", amount: 1, idempotencyKey: "recharge:noop", actor: SYSTEM });
  spend(srv.db, { enterpriseId: firm.enterpriseId, kind: "addon_charge", amount: 10000, idempotencyKey: "addon:test", actor: SYSTEM });
  await firm.client.post("/admin/settings/account/invoices", { _csrf: token, ...invoiceForm({ amount: "100" }) });
  const second = (srv.db.$client.query("select id from invoice_requests where enterprise_id = ? and state = 'requested'").get(firm.enterpriseId) as { id: string }).id;
  const opToken = await op.client.csrf("/operator/billing/invoices");
  expect((await op.client.post(`/operator/billing/invoices/${second}/reject`, { _csrf: opToken, reason: "" })).status).toBe(400);
  expect((await op.client.post(`/operator/billing/invoices/${second}/reject`, { _csrf: opToken, reason: "抬头与认证名称不符" })).status).toBe(303);
  expect(invoiceable(srv.db, firm.enterpriseId)).toBe(10000);
  const page = await (await firm.client.get("/admin/settings/account/invoices")).text();
  expect(page).toContain("抬头与认证名称不符");
  expect(page).toContain('data-state="issued"');
  expect((srv.db.$client.query("select count(*) as n from operator_audit where action in ('invoice.issued', 'invoice.rejected')").get() as { n: number }).n).toBeGreaterThanOrEqual(2);
});

test("two requests at once for all that is invoiceable: one is recorded; amounts typed oddly are refused with a 400", async () => {
  const firm = await firmThatSpent(8000);
  const token = await firm.client.csrf("/admin/settings/account/invoices");
  const post = (over: Record<string, string>) => firm.client.post("/admin/settings/account/invoices", { _csrf: token, ...invoiceForm(over) });
  for (const amount of ["100.005", "-5", "1e9", "１０", "0x10", "5e1", "", "0", "0.00", "1".repeat(400), "80.0.0", ".5", "Infinity"]) expect([amount, (await post({ amount })).status]).toEqual([amount, 400]);
  const [a, b] = await Promise.all([post({ amount: " 80 " }), post({ amount: "80.00" })]);
  expect([a.status, b.status].sort()).toEqual([303, 400]);
  expect(invoiceable(srv.db, firm.enterpriseId)).toBe(0);
  expect((srv.db.$client.query("select count(*) as n from invoice_requests where enterprise_id = ?").get(firm.enterpriseId) as { n: number }).n).toBe(1);
});
