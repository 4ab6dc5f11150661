// Seat service (F15) against a real server, real SQLite and real sockets, with time injected: the
// server's SteppableClock for pages, and an explicit `now` for the renewal job. Opening seats and
// a seat mid-cycle pro rata to the same expiry; auto-renew charged once however often the job runs
// (several processes at once, a restart); a renewal the balance does not cover (warnings, daily
// retries, lapse); what a lapse does to agents, their conversations and the widget; recharge and
// renewal restoring service; the robot add-on; closing early with a refund; company mode; the
// upgrade from company mode. The ledger is consistent after every test.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { LoginLimiter } from "../../src/accounts/login-limit";
import { createSession } from "../../src/accounts/sessions";
import { setSignupLimiter, SIGNUP_LIMITS } from "../../src/platform/signup";
import { addUser, getUser, type User } from "../../src/accounts/users";
import { credit, balanceOf } from "../../src/billing/ledger";
import { addMonths, localDate } from "../../src/billing/service/calendar";
import { proRataCharge, proRataRefund } from "../../src/billing/service/proration";
import { DAY_MS } from "../../common/time";
import { runRenewals } from "../../src/billing/service/renewal";
import { purchase, quotePurchase } from "../../src/billing/service/opening";
import { serviceAccountOf } from "../../src/billing/service/state";
import { robotAllowed } from "../../src/robot/allowed";
import { setSiteRobot } from "../../src/robot/switch";
import { addOperator } from "../../src/platform/operators";
import { reviewVerification } from "../../src/platform/verification";
import { suspendEnterprise } from "../../src/platform/suspension";
import { expectLedgerConsistent } from "../helpers/billing";
import { HttpClient } from "../helpers/http";
import { operatorClient, signUpFirm, startPlatform, submitLicence } from "../helpers/platform";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

const TZ = "Asia/Shanghai";
let srv: TestServer;
let operator: { id: string; name: string };
let seq = 0;

beforeAll(async () => {
  srv = await startPlatform();
  // These tests sign many firms up from one address: the sign-up limit is not what they test.
  setSignupLimiter(srv.app, new LoginLimiter({ ...SIGNUP_LIMITS, perPair: 1000, perAddress: 1000 }));
  const op = await addOperator(srv.db, { email: `ops-${Date.now()}@platform.example`, password: "operator-pass-1", name: "Olga" });
  operator = { id: op.id, name: "Olga" };
});
afterAll(() => srv?.stop());
afterEach(() => expectLedgerConsistent(srv.db));

interface Firm {
  id: string;
  admin: User;
  client: HttpClient;
  siteKey: string;
  agents: User[];
}

/** A verified firm with `agents` active seats (no service yet). */
async function firm(agents = 2, on = srv): Promise<Firm> {
  const { client, enterpriseId: id } = await signUpFirm(on);
  expect((await submitLicence(client)).status).toBe(303);
  const ver = (on.db.$client.query("select id from verifications where enterprise_id = ?").get(id) as { id: string }).id;
  reviewVerification(on.db, operator, ver, "approve", "");
  const admin = getUser(on.db, id, (on.db.$client.query("select id from users where enterprise_id = ? order by created_at limit 1").get(id) as { id: string }).id)!;
  const made: User[] = [];
  for (let i = 0; i < agents; i++) made.push(await addUser(on.db, id, { email: `a${++seq}-${id}@firm.example`, password: PASSWORD, name: `Agent ${seq}` }));
  const siteKey = (on.db.$client.query("select key from sites where enterprise_id = ?").get(id) as { key: string }).key;
  return { id, admin, client, siteKey, agents: made };
}

function recharge(f: { id: string }, fen: number, db = srv.db): void {
  credit(db, { enterpriseId: f.id, kind: "recharge", amount: fen, idempotencyKey: `test-recharge:${++seq}`, actor: { type: "operator", id: null, name: "test" } });
}

/** Posts a form with repeated fields (seat=…&seat=…) and the page's CSRF token. */
async function post(client: HttpClient, path: string, fields: [string, string][]): Promise<Response> {
  const token = await client.csrf("/admin/service");
  return client.request(path, { method: "POST", body: new URLSearchParams([...fields, ["_csrf", token]]), headers: { "content-type": "application/x-www-form-urlencoded" } });
}

const attr = (html: string, testid: string, name: string): string | null => new RegExp(`data-testid="${testid}"[^>]*?${name}="([^"]*)"`).exec(html)?.[1] ?? new RegExp(`${name}="([^"]*)"[^>]*?data-testid="${testid}"`).exec(html)?.[1] ?? null;

/** The monthly prices a confirmation page showed, as its form sends them back. */
const shownPrices = (html: string): [string, string][] => ["confirmSeatPrice", "confirmAddonPrice"].map((k): [string, string] => [k, new RegExp(`name="${k}" value="([^"]*)"`).exec(html)![1]!]);

/** Opens service for these seats through the pages: quote (the exact charge), then confirm. Returns the confirmed total. */
async function openService(f: Firm, seats: User[], opts: { months?: number; addon?: boolean } = {}): Promise<{ total: number; page: string }> {
  const fields: [string, string][] = seats.map((s) => ["seat", s.id]);
  if (opts.addon) fields.push(["addon", "1"]);
  fields.push(["months", String(opts.months ?? 1)]);
  const quote = await post(f.client, "/admin/service/quote", fields);
  const html = await quote.text();
  expect(quote.status).toBe(200);
  const total = Number(attr(html, "confirm-total", "data-fen"));
  const nonce = /name="nonce" value="([^"]+)"/.exec(html)![1]!;
  const confirm: [string, string][] = [...seats.map((s): [string, string] => ["seat", s.id]), ...(opts.addon ? [["addon", "1"] as [string, string]] : []), ["months", String(opts.months ?? 1)], ["nonce", nonce], ["confirmFen", String(total)], ...shownPrices(html)];
  const res = await post(f.client, "/admin/service/open", confirm);
  const page = await res.text();
  expect(res.status).toBe(200);
  return { total, page };
}

// A year: the server's clock is moved weeks ahead by these tests, and a socket ends when its session expires on that clock.
const session = (u: User) => createSession(srv.db, u, 365).cookie;
const charges = (f: { id: string }, db = srv.db) => db.$client.query("select kind, amount, idempotency_key as key from ledger_entries where enterprise_id = ? and kind <> 'recharge' order by id").all(f.id) as { kind: string; amount: number; key: string }[];
const widgetConfig = async (siteKey: string) => (await (await fetch(`${srv.url}/api/widget/config?site=${siteKey}`)).json()) as { online: boolean; offerLeaveMessage: boolean; robot: boolean };

describe("opening service", () => {
  test("two seats for a month, then a third mid-cycle pro rata to the same expiry; the pages show the charge and the common expiry", async () => {
    const f = await firm(3);
    recharge(f, 100_000);
    const t0 = srv.clock.now();
    const first = await openService(f, f.agents.slice(0, 2));
    expect(first.total).toBe(2 * 4000);
    const expiry = addMonths(t0, 1, TZ);
    expect(attr(first.page, "service-expiry", "data-date")).toBe(localDate(expiry, TZ));
    expect(serviceAccountOf(srv.db, f.id)!.expiresAt).toBeGreaterThanOrEqual(expiry);
    // Ten days later the third seat: Admin → Agents offers it, the charge is pro rata, the expiry the same.
    srv.clock.advance(10 * DAY_MS);
    const agents = await (await f.client.get("/admin/agents")).text();
    expect(agents).toContain('data-testid="open-service"');
    expect(attr(agents, "service-expiry", "data-date")).toBe(localDate(expiry, TZ));
    const account = serviceAccountOf(srv.db, f.id)!;
    const expected = proRataCharge(4000, srv.clock.now(), account.expiresAt!, TZ, account.anchorDay);
    const third = await openService(f, [f.agents[2]!]);
    // The quote and the charge are a few ms apart: the same fen, or one more for the quote's earlier instant.
    expect(Math.abs(third.total - expected)).toBeLessThanOrEqual(1);
    expect(third.total).toBeLessThan(4000);
    expect(serviceAccountOf(srv.db, f.id)!.expiresAt).toBe(account.expiresAt);
    expect(attr(third.page, "service-expiry", "data-date")).toBe(localDate(expiry, TZ));
    expect(balanceOf(srv.db, f.id)).toBe(100_000 - 8000 - third.total);
    // The history lists the charges; every seat is in service.
    expect(charges(f).map((c) => c.amount)).toEqual([-8000, -third.total]);
    const page = await (await f.client.get("/admin/service")).text();
    expect(page.match(/data-testid="service-seat"[^>]*data-state="served"/g)?.length).toBe(3);
    expect(page).toContain('data-testid="service-charge"');
  });

  test("a short balance is refused clearly with a link to recharge, and charges nothing", async () => {
    const f = await firm(2);
    recharge(f, 5000);
    const quote = await post(f.client, "/admin/service/quote", [["seat", f.agents[0]!.id], ["seat", f.agents[1]!.id], ["months", "1"]]);
    const html = await quote.text();
    expect(html).toContain('data-testid="balance-short"');
    expect(html).toContain('href="/admin/settings/account"');
    const nonce = /name="nonce" value="([^"]+)"/.exec(html)![1]!;
    const res = await post(f.client, "/admin/service/open", [["seat", f.agents[0]!.id], ["seat", f.agents[1]!.id], ["months", "1"], ["nonce", nonce], ["confirmFen", "8000"], ...shownPrices(html)]);
    expect(res.status).toBe(402);
    expect(await res.text()).toContain("does not cover");
    expect(balanceOf(srv.db, f.id)).toBe(5000);
    expect(charges(f)).toEqual([]);
  });

  test("prices changed between the confirmation and its submit are refused even when the total comes out the same", async () => {
    const f = await firm(1);
    recharge(f, 50_000);
    const quote = await post(f.client, "/admin/service/quote", [["seat", f.agents[0]!.id], ["addon", "1"], ["months", "1"]]);
    const html = await quote.text();
    expect(Number(attr(html, "confirm-total", "data-fen"))).toBe(4000 + 10_000);
    // The confirmation form's own fields, as a browser would send them.
    const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((x) => x.includes('name="nonce"'))!;
    const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]).filter(([k]) => k !== "_csrf");
    // The operator moves ¥5 from the add-on to the seat: the same ¥140 in all, other prices.
    const op = await operatorClient(srv);
    const token = await op.client.csrf("/operator/service");
    const set = (seatPrice: string, addonPrice: string) => op.client.post("/operator/service/settings", { seatPrice, addonPrice, timeZone: "Asia/Shanghai", renewDaysBefore: "3", _csrf: token });
    expect((await set("45", "95")).status).toBe(200);
    try {
      const res = await post(f.client, "/admin/service/open", hidden);
      expect(res.status).toBe(409);
      // The confirmation again, with the prices of now.
      expect(await res.text()).toContain('data-testid="confirm-total"');
      expect(charges(f)).toEqual([]);
      expect(serviceAccountOf(srv.db, f.id)?.expiresAt ?? null).toBeNull();
    } finally {
      await set("40", "100");
    }
    // The form as it was shown, with the prices it showed, goes through.
    const res = await post(f.client, "/admin/service/open", hidden);
    expect(res.status).toBe(200);
    expect(charges(f).map((c) => c.amount)).toEqual([-4000, -10_000]);
  });

  test("a double submit of the confirmation charges once; a seat cannot be opened twice; seats without service cannot go online", async () => {
    const f = await firm(2);
    recharge(f, 50_000);
    // Without service: refused online, with the reason the workspace explains; the founding admin is served.
    const unserved = await agentSocket(srv.wsUrl, session(f.agents[0]!), undefined, null);
    unserved.socket.send({ type: "status", status: "online" });
    expect((await unserved.socket.next("error")).reason).toBe("seat_without_service");
    const admin = await agentSocket(srv.wsUrl, session(f.admin));
    expect(admin.welcome.type).toBe("welcome");
    admin.socket.close();
    const quote = await (await post(f.client, "/admin/service/quote", [["seat", f.agents[0]!.id], ["months", "3"]])).text();
    const nonce = /name="nonce" value="([^"]+)"/.exec(quote)![1]!;
    const form: [string, string][] = [["seat", f.agents[0]!.id], ["months", "3"], ["nonce", nonce], ["confirmFen", "12000"], ...shownPrices(quote)];
    const [a, b] = await Promise.all([post(f.client, "/admin/service/open", form), post(f.client, "/admin/service/open", form)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(charges(f)).toEqual([{ kind: "seat_charge", amount: -12000, key: `open:${nonce}:seats` }]);
    expect((await post(f.client, "/admin/service/quote", [["seat", f.agents[0]!.id]])).status).toBe(409);
    // Now it may go online.
    unserved.socket.send({ type: "status", status: "online" });
    expect((await unserved.socket.next("status")).status).toBe("online");
    unserved.socket.close();
  });
});

describe("renewal", () => {
  test("auto-renew charges the next month once, however often the job runs and in however many processes at once", async () => {
    const f = await firm(2);
    recharge(f, 20_000);
    await openService(f, f.agents);
    const a = serviceAccountOf(srv.db, f.id)!;
    const at = a.expiresAt! - 2 * DAY_MS;
    // Two other processes and this one, at the same moment, then this one again.
    const others = [0, 1].map(() => Bun.spawn([process.execPath, "test/helpers/renewal-run.ts", srv.dataDir, String(at)], { stdout: "pipe", stderr: "pipe" }));
    runRenewals(srv.app, at);
    for (const p of others) {
      expect(await p.exited).toBe(0);
      expect(JSON.parse(await new Response(p.stdout).text())).toHaveProperty("renewed");
    }
    runRenewals(srv.app, at);
    runRenewals(srv.app, at + DAY_MS);
    const renewals = charges(f).filter((c) => c.key.startsWith("renew:"));
    expect(renewals).toEqual([{ kind: "seat_charge", amount: -8000, key: `renew:${localDate(a.expiresAt!, TZ)}:seats` }]);
    expect(serviceAccountOf(srv.db, f.id)!.expiresAt).toBe(addMonths(a.expiresAt!, 1, TZ, a.anchorDay));
  });

  test("a balance that does not cover it: warnings from 7 days ahead, a failure recorded once a day and retried, then the service lapses", async () => {
    const f = await firm(2);
    recharge(f, 8000);
    await openService(f, f.agents);
    expect(balanceOf(srv.db, f.id)).toBe(0);
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    // Other firms' accounts may be due at these times too: this firm's audit rows are counted.
    const audits = (action: string) => (srv.db.$client.query("select count(*) as n from audit_log where enterprise_id = ? and action = ?").get(f.id, action) as { n: number }).n;
    runRenewals(srv.app, E - 8 * DAY_MS);
    expect(audits("service.renewal_warning")).toBe(0);
    runRenewals(srv.app, E - 7 * DAY_MS);
    runRenewals(srv.app, E - 7 * DAY_MS + 3_600_000);
    expect(audits("service.renewal_warning")).toBe(1);
    runRenewals(srv.app, E - 6 * DAY_MS);
    expect(audits("service.renewal_warning")).toBe(2);
    // The admin's page, read at that time, says so.
    srv.clock.advance(E - 6 * DAY_MS - srv.clock.now());
    const page = await (await f.client.get("/admin/service")).text();
    expect(attr(page, "renewal-warning", "data-kind")).toBe("short");
    // In the renewal window: the attempt fails, once a day.
    runRenewals(srv.app, E - 3 * DAY_MS);
    runRenewals(srv.app, E - 3 * DAY_MS + 7_200_000);
    expect(audits("service.renewal_failed")).toBe(1);
    runRenewals(srv.app, E - 2 * DAY_MS);
    expect(audits("service.renewal_failed")).toBe(2);
    expect(attr(await (await f.client.get("/admin/service")).text(), "renewal-warning", "data-kind")).toBe("failed");
    expect(charges(f).filter((c) => c.key.startsWith("renew:"))).toEqual([]);
    // The operator sees it among the failed renewals.
    const op = await operatorClient(srv);
    expect(await (await op.client.get("/operator/service")).text()).toContain(`data-testid="service-failed-row" data-enterprise="${f.id}"`);
    // The expiry passes unpaid: lapsed.
    runRenewals(srv.app, E + 60_000);
    expect(serviceAccountOf(srv.db, f.id)!.lapsedAt).toBe(E + 60_000);
    expect(audits("service.lapsed")).toBe(1);
    expect(attr(await (await f.client.get("/admin/service")).text(), "service-seat", "data-state")).not.toBeNull();
    // A recharge, and the next run restores service from then (auto-renew is on).
    recharge(f, 8000);
    runRenewals(srv.app, E + DAY_MS);
    const after = serviceAccountOf(srv.db, f.id)!;
    expect(after.lapsedAt).toBeNull();
    expect(after.expiresAt).toBe(addMonths(E + DAY_MS, 1, TZ, after.anchorDay));
    expect(balanceOf(srv.db, f.id)).toBe(0);
  });

  test("auto-renew off: no charge, a warning, service ends; renewing by hand for 3 months restores it at once", async () => {
    const f = await firm(1);
    recharge(f, 4000 + 3 * 4000);
    await openService(f, f.agents);
    expect((await post(f.client, "/admin/service/auto-renew", [["on", "0"]])).status).toBe(200);
    expect(serviceAccountOf(srv.db, f.id)!.autoRenew).toBe(false);
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    runRenewals(srv.app, E - 2 * DAY_MS);
    expect(charges(f).length).toBe(1);
    runRenewals(srv.app, E + 1);
    expect(serviceAccountOf(srv.db, f.id)!.lapsedAt).not.toBeNull();
    const page = await (await f.client.get("/admin/service")).text();
    const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
    const res = await post(f.client, "/admin/service/renew", [["months", "3"], ["nonce", nonce]]);
    expect(res.status).toBe(200);
    const again = await post(f.client, "/admin/service/renew", [["months", "3"], ["nonce", nonce]]);
    expect(again.status).toBe(200);
    expect(charges(f).map((c) => c.amount)).toEqual([-4000, -12000]);
    expect(serviceAccountOf(srv.db, f.id)!.lapsedAt).toBeNull();
  });
  test("the renew-by-hand form submitted again (a double click, a retry, a replayed request) neither charges nor extends again", async () => {
    const f = await firm(1);
    recharge(f, 4000 + 3 * 4000);
    await openService(f, f.agents);
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    const page = await (await f.client.get("/admin/service")).text();
    const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
    expect((await post(f.client, "/admin/service/renew", [["months", "3"], ["nonce", nonce]])).status).toBe(200);
    const renewed = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    expect(renewed).toBe(addMonths(E, 3, TZ, serviceAccountOf(srv.db, f.id)!.anchorDay));
    // The same form again, twice: the key was used, so nothing moves (before: three more free months each time).
    for (let i = 0; i < 2; i++) {
      const again = await post(f.client, "/admin/service/renew", [["months", "3"], ["nonce", nonce]]);
      expect(again.status).toBe(200);
      expect(await again.text()).toContain("nothing more was charged");
    }
    expect(charges(f).map((c) => c.amount)).toEqual([-4000, -12000]);
    expect(serviceAccountOf(srv.db, f.id)!.expiresAt).toBe(renewed);
    expect((srv.db.$client.query("select count(*) as n from audit_log where enterprise_id = ? and action = 'service.renewed'").get(f.id) as { n: number }).n).toBe(1);
  });

  test("months are whole numbers as typed: 1e1, 0x3, 3.0, full-width digits or 13 are refused with a 400 and charge nothing", async () => {
    const f = await firm(1);
    recharge(f, 100_000);
    await openService(f, f.agents);
    const g = await firm(1);
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    for (const months of ["1e1", "0x3", "3.0", "３", "-1", "13", "1 2"]) {
      const page = await (await f.client.get("/admin/service")).text();
      const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
      const res = await post(f.client, "/admin/service/renew", [["months", months], ["nonce", nonce]]);
      expect([months, res.status]).toEqual([months, 400]);
      expect(await res.text()).toContain("Choose 1 to 12 months");
      // A new period's months (g has none running) are read the same way.
      const quote = await post(g.client, "/admin/service/quote", [["seat", g.agents[0]!.id], ["months", months]]);
      expect([months, quote.status]).toEqual([months, 400]);
    }
    expect(charges(f).map((c) => c.amount)).toEqual([-4000]);
    expect(serviceAccountOf(srv.db, f.id)!.expiresAt).toBe(E);
    // " 2 " (spaces around) is still two months.
    const page = await (await f.client.get("/admin/service")).text();
    const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
    expect((await post(f.client, "/admin/service/renew", [["months", " 2 "], ["nonce", nonce]])).status).toBe(200);
    expect(charges(f).map((c) => c.amount)).toEqual([-4000, -8000]);
  });

  test("a renewal run at the very instant of the expiry renews from it on the period's day (Jan 31 → Feb 28 → Mar 31), once", async () => {
    // Its own server: the job runs at dates months ahead, which would renew or lapse the shared server's firms.
    const one = await startPlatform();
    try {
      const acme = { id: one.enterpriseId };
      recharge(acme, 20_000, one.db);
      const adminId = (one.db.$client.query("select id from users where email = ?").get(one.admin.email) as { id: string }).id;
      const jan31 = Date.parse("2027-01-31T10:00:00+08:00");
      purchase(one.app, { id: adminId, name: "Admin", enterpriseId: acme.id }, { seatIds: [one.agent.id], addon: false, months: 1, nonce: "exact-expiry-nonce-1", confirmFen: 4000 }, jan31);
      const E = serviceAccountOf(one.db, acme.id)!.expiresAt!;
      expect(E).toBe(Date.parse("2027-02-28T10:00:00+08:00"));
      expect(runRenewals(one.app, E).renewed).toBe(1);
      expect(runRenewals(one.app, E).renewed).toBe(0);
      const a = serviceAccountOf(one.db, acme.id)!;
      expect(localDate(a.expiresAt!, TZ)).toBe("2027-03-31");
      expect(a.expiresAt).toBe(Date.parse("2027-03-31T10:00:00+08:00"));
      expect(a.anchorDay).toBe(31);
      expect(charges(acme, one.db).map((c) => c.amount)).toEqual([-4000, -4000]);
      expectLedgerConsistent(one.db);
    } finally {
      await one.stop();
    }
  });

  test("a suspended enterprise is not charged: its service runs out", async () => {
    const f = await firm(1);
    recharge(f, 20_000);
    await openService(f, f.agents);
    suspendEnterprise(srv.app, operator, f.id, "unpaid invoice");
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    runRenewals(srv.app, E - DAY_MS);
    runRenewals(srv.app, E + 1);
    expect(charges(f).length).toBe(1);
    expect(serviceAccountOf(srv.db, f.id)!.lapsedAt).toBe(E + 1);
    runRenewals(srv.app, E + DAY_MS);
    expect(serviceAccountOf(srv.db, f.id)!.lapsedAt).toBe(E + 1);
  });
});

describe("expiry", () => {
  test("lapsed seats are told and go offline, their conversations go to a served seat; with none online the widget offers the message form; paying restores service", async () => {
    const f = await firm(1);
    recharge(f, 4000);
    await openService(f, f.agents);
    const agent = f.agents[0]!;
    const a1 = await agentSocket(srv.wsUrl, session(agent));
    const v = await visitorSocket(srv.wsUrl, f.siteKey);
    v.socket.send({ type: "message", clientId: "hello-1", text: "你好，我想咨询" });
    await v.socket.next("ack");
    const conversationId = (srv.db.$client.query("select id, agent_id from conversations where enterprise_id = ?").get(f.id) as { id: string; agent_id: string }).id;
    const assigned = () => (srv.db.$client.query("select agent_id from conversations where id = ?").get(conversationId) as { agent_id: string | null }).agent_id;
    expect(assigned()).toBe(agent.id);
    // The founding admin (always served) is online too.
    const admin = await agentSocket(srv.wsUrl, session(f.admin));
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    runRenewals(srv.app, E + 1000);
    // The agent is told, goes offline, and the conversation moves to the admin: the visitor is not left with nobody.
    expect((await a1.socket.next("status", (s) => s.status === "offline")).status).toBe("offline");
    expect((await a1.socket.next("error")).reason).toBe("seat_without_service");
    expect(assigned()).toBe(f.admin.id);
    a1.socket.send({ type: "status", status: "online" });
    expect((await a1.socket.next("error")).reason).toBe("seat_without_service");
    // Reconnecting does not bring it back online either.
    a1.socket.close();
    const back = await agentSocket(srv.wsUrl, session(agent), undefined, null);
    expect((back.welcome as { agent: { status: string } }).agent.status).toBe("offline");
    expect((await back.socket.next("error")).reason).toBe("seat_without_service");
    // Nobody served online: the widget offers the message form.
    admin.socket.close();
    await admin.socket.next("welcome").catch(() => null);
    for (let i = 0; i < 50 && (await widgetConfig(f.siteKey)).online; i++) await Bun.sleep(20);
    const config = await widgetConfig(f.siteKey);
    expect(config.online).toBe(false);
    expect(config.offerLeaveMessage).toBe(true);
    // Nothing was deleted: the seat's service row and the conversation are there.
    expect((srv.db.$client.query("select count(*) as n from seat_services where enterprise_id = ? and closed_at is null").get(f.id) as { n: number }).n).toBe(1);
    // A recharge and a renewal by hand: the agent may go online at once.
    recharge(f, 4000);
    const page = await (await f.client.get("/admin/service")).text();
    const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
    expect((await post(f.client, "/admin/service/renew", [["months", "1"], ["nonce", nonce]])).status).toBe(200);
    back.socket.send({ type: "status", status: "online" });
    expect((await back.socket.next("status")).status).toBe("online");
    expect((await widgetConfig(f.siteKey)).online).toBe(true);
    back.socket.close();
    v.socket.close();
  });

  test("with no served seat online, a lapsed seat's conversation waits in the queue and the widget offers the message form", async () => {
    const f = await firm(1);
    recharge(f, 4000);
    await openService(f, f.agents);
    const a1 = await agentSocket(srv.wsUrl, session(f.agents[0]!));
    const v = await visitorSocket(srv.wsUrl, f.siteKey);
    v.socket.send({ type: "message", clientId: "q-1", text: "有人吗" });
    await v.socket.next("ack");
    const conv = () => srv.db.$client.query("select agent_id, status from conversations where enterprise_id = ?").get(f.id) as { agent_id: string | null; status: string };
    expect(conv().agent_id).toBe(f.agents[0]!.id);
    runRenewals(srv.app, serviceAccountOf(srv.db, f.id)!.expiresAt! + 1);
    expect((await a1.socket.next("error")).reason).toBe("seat_without_service");
    // Back in the queue, still open: the visitor is told where they stand, not left with an absent agent.
    expect(conv()).toEqual({ agent_id: null, status: "open" });
    await v.socket.next("queue");
    expect(await widgetConfig(f.siteKey)).toMatchObject({ online: false, offerLeaveMessage: true });
    a1.socket.close();
    v.socket.close();
  });

  test("closing a seat's service early refunds its whole days left and hands its conversation on", async () => {
    const f = await firm(2);
    recharge(f, 8000);
    await openService(f, f.agents);
    const [x, y] = f.agents as [User, User];
    const sx = await agentSocket(srv.wsUrl, session(x));
    const v = await visitorSocket(srv.wsUrl, f.siteKey);
    v.socket.send({ type: "message", clientId: "q-1", text: "在吗" });
    await v.socket.next("ack");
    const sy = await agentSocket(srv.wsUrl, session(y));
    const conv = () => srv.db.$client.query("select agent_id from conversations where enterprise_id = ?").get(f.id) as { agent_id: string };
    expect(conv().agent_id).toBe(x.id);
    const a = serviceAccountOf(srv.db, f.id)!;
    const refund = proRataRefund(4000, srv.clock.now(), a.expiresAt!, TZ, a.anchorDay);
    const res = await post(f.client, `/admin/service/seats/${x.id}/close`, []);
    expect(res.status).toBe(200);
    expect(refund).toBeGreaterThan(0);
    const credited = charges(f).find((c) => c.kind === "refund")!;
    // A few ms passed between the two computations: the same whole days, so the same amount.
    expect(credited.amount).toBe(refund);
    expect(conv().agent_id).toBe(y.id);
    expect((await sx.socket.next("error")).reason).toBe("seat_without_service");
    sx.socket.close();
    sy.socket.close();
    v.socket.close();
  });
});

describe("the AI robot add-on", () => {
  test("the robot serves only while the add-on is paid; Admin → Robot shows what opening it costs", async () => {
    const f = await firm(0);
    recharge(f, 10_000);
    const siteId = (srv.db.$client.query("select id from sites where enterprise_id = ?").get(f.id) as { id: string }).id;
    setSiteRobot(srv.db, f.id, siteId, true);
    expect(robotAllowed("platform", srv.db, { id: f.id })).toBe(false);
    expect((await widgetConfig(f.siteKey)).robot).toBe(false);
    const robotPage = await (await f.client.get("/admin/robot")).text();
    expect(attr(robotPage, "robot-addon-offer", "data-fen")).toBe("10000");
    const { total } = await openService(f, [], { addon: true });
    expect(total).toBe(10_000);
    expect(robotAllowed("platform", srv.db, { id: f.id })).toBe(true);
    // The widget's robot answers first now.
    expect((await widgetConfig(f.siteKey)).robot).toBe(true);
    expect(await (await f.client.get("/admin/robot")).text()).not.toContain('data-testid="robot-addon-offer"');
    // The expiry passes unpaid (the balance covers no month): the robot stops; the knowledge base page still opens.
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    recharge(f, 1);
    runRenewals(srv.app, E + 1);
    expect(robotAllowed("platform", srv.db, { id: f.id })).toBe(false);
    expect((await widgetConfig(f.siteKey)).robot).toBe(false);
    expect((await f.client.get("/admin/robot/kb")).status).toBe(200);
    // Paying restores it.
    recharge(f, 10_000);
    runRenewals(srv.app, E + DAY_MS);
    expect(robotAllowed("platform", srv.db, { id: f.id })).toBe(true);
    // Closed early: a refund of whole days, and off.
    expect((await post(f.client, "/admin/service/addon/close", [])).status).toBe(200);
    expect(robotAllowed("platform", srv.db, { id: f.id })).toBe(false);
    expect(charges(f).some((c) => c.kind === "refund")).toBe(true);
  });
});

describe("operator", () => {
  test("prices are the operator's, audited, and apply from the next renewal; the console lists enterprises by expiry, failed renewals and revenue", async () => {
    const f = await firm(1);
    recharge(f, 20_000);
    await openService(f, f.agents);
    const op = await operatorClient(srv);
    const token = await op.client.csrf("/operator/service");
    const saved = await op.client.post("/operator/service/settings", { seatPrice: "50", addonPrice: "120.00", timeZone: "Asia/Shanghai", renewDaysBefore: "3", _csrf: token });
    expect(saved.status).toBe(200);
    expect((await op.client.post("/operator/service/settings", { seatPrice: "-1", addonPrice: "1", timeZone: "Asia/Shanghai", renewDaysBefore: "3", _csrf: token })).status).toBe(400);
    expect((await op.client.post("/operator/service/settings", { seatPrice: "1", addonPrice: "1", timeZone: "Mars/Olympus", renewDaysBefore: "3", _csrf: token })).status).toBe(400);
    // (Another test of this file changes the prices and back too: this save is the one to ¥50.)
    const audit = (srv.db.$client.query("select details from operator_audit where action = 'service.prices_updated'").all() as { details: string }[]).filter((r) => JSON.parse(r.details).seatPriceFen?.to === 5000);
    expect(audit.length).toBe(1);
    expect(JSON.parse(audit[0]!.details).seatPriceFen).toEqual({ from: 4000, to: 5000 });
    // The running period keeps its price for a seat opened now…
    expect(serviceAccountOf(srv.db, f.id)!.seatPrice).toBe(4000);
    // …and the renewal pays the new one.
    const E = serviceAccountOf(srv.db, f.id)!.expiresAt!;
    runRenewals(srv.app, E - DAY_MS);
    expect(charges(f).at(-1)!.amount).toBe(-5000);
    const console = await (await op.client.get("/operator/service")).text();
    expect(console).toContain(`data-enterprise="${f.id}"`);
    expect(console).toContain('data-testid="service-revenue-row"');
    // Back to the defaults for the other tests.
    await op.client.post("/operator/service/settings", { seatPrice: "40", addonPrice: "100", timeZone: "Asia/Shanghai", renewDaysBefore: "3", _csrf: token });
  });
});

describe("company mode and the upgrade", () => {
  test("the enterprise company mode made keeps its seats: the first platform run gives its active seats a free month", async () => {
    const acme = srv.enterpriseId;
    runRenewals(srv.app, srv.clock.now());
    const a = serviceAccountOf(srv.db, acme)!;
    expect(a.upgradeGrantAt).not.toBeNull();
    expect(a.expiresAt).toBe(addMonths(a.upgradeGrantAt!, 1, TZ));
    expect(charges({ id: acme })).toEqual([]);
    const agent = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, acme, srv.agent.id)!, 365).cookie);
    expect(agent.welcome.type).toBe("welcome");
    agent.socket.close();
    // Granted once.
    runRenewals(srv.app, srv.clock.now());
    expect((srv.db.$client.query("select count(*) as n from audit_log where enterprise_id = ? and action = 'service.upgrade_grant'").get(acme) as { n: number }).n).toBe(1);
  });

  test("a seat the upgrade gave a free month never refunds that month: closed in it, nothing; renewed early, only the month paid; a seat bought in it refunds", async () => {
    // Its own server: the shared one's company-made enterprise was granted by an earlier test's run.
    const one = await startPlatform();
    try {
      const acme = { id: one.enterpriseId };
      const other = await addUser(one.db, acme.id, { email: `granted-${++seq}@acme.example`, password: PASSWORD, name: "Granted too" });
      runRenewals(one.app, one.clock.now());
      expect(serviceAccountOf(one.db, acme.id)!.upgradeGrantAt).not.toBeNull();
      const client = new HttpClient(one.url);
      expect((await client.login(one.admin.email, one.admin.password)).status).toBe(303);
      const close = async (id: string) => (await client.post(`/admin/service/seats/${id}/close`, { _csrf: await client.csrf("/admin/service") })).status;
      // Ten days into the free month the admin closes the agent's service: nothing was paid, nothing comes back.
      one.clock.advance(10 * DAY_MS);
      expect(await close(one.agent.id)).toBe(200);
      expect(charges(acme, one.db)).toEqual([]);
      expect(balanceOf(one.db, acme.id)).toBe(0);
      // A seat bought in the free month was paid for: its whole days left come back.
      recharge(acme, 20_000, one.db);
      const bought = await addUser(one.db, acme.id, { email: `bought-${++seq}@acme.example`, password: PASSWORD, name: "Bought" });
      const adminId = (one.db.$client.query("select id from users where email = ?").get(one.admin.email) as { id: string }).id;
      const q = quotePurchase(one.app, acme.id, { seatIds: [bought.id], addon: false, months: 1 }, one.clock.now());
      purchase(one.app, { id: adminId, name: "Admin", enterpriseId: acme.id }, { seatIds: [bought.id], addon: false, months: 1, nonce: "granted-bought-nonce-1", confirmFen: q.totalFen }, one.clock.now());
      let before = balanceOf(one.db, acme.id);
      expect(await close(bought.id)).toBe(200);
      expect(balanceOf(one.db, acme.id)).toBeGreaterThan(before);
      // Renewed by hand for a month while the free one still has twenty days to run, then closed: the
      // month paid comes back, the free days left do not.
      const page = await (await client.get("/admin/service")).text();
      const nonce = /name="nonce" value="([^"]+)"/.exec(page)![1]!;
      expect((await client.post("/admin/service/renew", { months: "1", nonce, _csrf: await client.csrf("/admin/service") })).status).toBe(200);
      expect(charges(acme, one.db).at(-1)!.amount).toBe(-4000);
      before = balanceOf(one.db, acme.id);
      expect(await close(other.id)).toBe(200);
      expect(balanceOf(one.db, acme.id) - before).toBe(4000);
      expectLedgerConsistent(one.db);
    } finally {
      await one.stop();
    }
  });

  test("company mode has no billing: every seat goes online without service, the actions are not there", async () => {
    const company = await startServer();
    try {
      const agent = await agentSocket(company.wsUrl, createSession(company.db, getUser(company.db, company.enterpriseId, company.agent.id)!, 1).cookie);
      expect(agent.welcome.type).toBe("welcome");
      agent.socket.close();
      expect(runRenewals(company.app, Date.now())).toMatchObject({ renewed: 0, granted: 0 });
      expect((company.db.$client.query("select count(*) as n from service_accounts").get() as { n: number }).n).toBe(0);
    } finally {
      await company.stop();
    }
  });
});

describe("restart", () => {
  test("a server restarted on the same data does not charge a renewed period again", async () => {
    const one = await startPlatform();
    const op = await addOperator(one.db, { email: `ops-r-${Date.now()}@platform.example`, password: "operator-pass-1", name: "Olga" });
    operator = { id: op.id, name: "Olga" };
    const f = await firm(1, one);
    recharge(f, 20_000, one.db);
    // Opened straight through the module (this server's client cookies belong to its own firm).
    const { purchase } = await import("../../src/billing/service/opening");
    purchase(one.app, { id: f.admin.id, name: f.admin.name, enterpriseId: f.id }, { seatIds: [f.agents[0]!.id], addon: false, months: 1, nonce: "restart-test-nonce-1", confirmFen: 4000 }, one.clock.now());
    const E = serviceAccountOf(one.db, f.id)!.expiresAt!;
    expect(runRenewals(one.app, E - DAY_MS).renewed).toBeGreaterThanOrEqual(1);
    await one.stop(true);
    const two = await startPlatform({ dataDir: one.dataDir });
    try {
      runRenewals(two.app, E - DAY_MS);
      runRenewals(two.app, E - DAY_MS + 60_000);
      expect(charges(f, two.db).filter((c) => c.key.startsWith("renew:")).length).toBe(1);
      expectLedgerConsistent(two.db);
    } finally {
      await two.stop();
    }
  });
});
