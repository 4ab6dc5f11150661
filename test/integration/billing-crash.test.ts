// kill -9 of the server between the gateway's confirmation and the credit loses nothing: the payer
// paid, the notification could not be delivered (the server was dead), and after the restart the
// start-up recovery asks the gateway and credits the order, once; the gateway's retried
// notification then changes nothing, and `parley billing check` passes.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { initCompany } from "../../src/accounts/setup";
import { saveBillingSettings } from "../../src/billing/settings";
import { openDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { FakeWechatPay } from "../fakes/payment-gateways";
import { HttpClient } from "../helpers/http";
import { runCli, serveProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const wechat = new FakeWechatPay();
const dataDir = tempDir("parley-billing-crash-");
afterAll(() => {
  wechat.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function balance(): number {
  const db = openDatabase(dataDir);
  try {
    return (db.$client.query("select coalesce(sum(amount), 0) as n from ledger_entries").get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

test("a payment confirmed while the server is killed is credited after the restart, once", async () => {
  const db = openDatabase(dataDir);
  runMigrations(db);
  // A company-made enterprise stands as verified in platform mode (docs/platform.md, "Upgrade").
  await initCompany(db, { company: "Crash 公司", email: "admin@crash.example", password: "crash-pass-123", adminName: "Ada" });
  saveBillingSettings(db, wechat.settings());
  db.$client.close();

  let server = await serveProcess(dataDir, ["--mode", "platform"]);
  try {
    const admin = new HttpClient(server.url);
    expect((await admin.login("admin@crash.example", "crash-pass-123")).status).toBe(303);
    const token = await admin.csrf("/admin/settings/account");
    const res = await admin.post("/admin/settings/account/recharges/online", { _csrf: token, amount: "700", channel: "wechat" });
    expect(res.status).toBe(303);
    const orderId = res.headers.get("location")!.split("/").pop()!;
    // The payer pays; the gateway has confirmed it. Before its notification reaches us, the server dies.
    wechat.pay(orderId);
    const notification = wechat.notification(orderId);
    const to = wechat.notifyUrl(orderId).replace(/:\d+\//, `:${server.port}/`);
    server.proc.kill("SIGKILL");
    await server.proc.exited;
    expect((await wechat.deliver(notification, to)).status).toBe(0);
    expect(balance()).toBe(0);

    // Restarted, the server asks the gateway about the orders left pending, and credits this one.
    server = await serveProcess(dataDir, ["--mode", "platform"]);
    for (let i = 0; i < 200 && balance() === 0; i++) await Bun.sleep(25);
    expect(balance()).toBe(70000);
    // The gateway's retry reaches the new server: acknowledged, nothing more credited.
    const retry = await wechat.deliver(wechat.notification(orderId), to.replace(/:\d+\//, `:${server.port}/`));
    expect(retry.status).toBe(204);
    expect(balance()).toBe(70000);
  } finally {
    server.proc.kill("SIGKILL");
    await server.proc.exited;
  }
  const check = await runCli(["billing", "check", "--data", dataDir]);
  expect(check.code).toBe(0);
  expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, entries: 1 });
});
