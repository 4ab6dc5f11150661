// GET /metrics: Prometheus text behind a token with the metrics module or an allowed address.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createToken } from "../../src/api/tokens";
import { parseProxyRules } from "../../src/http/client-address";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let scrape: string;
let noMetrics: string;
beforeAll(async () => {
  srv = await startServer();
  scrape = createToken(srv.db, srv.enterpriseId, { name: "Prometheus", modules: ["metrics"] }).token;
  noMetrics = createToken(srv.db, srv.enterpriseId, { name: "CRM", modules: ["history", "workspace"] }).token;
});
afterAll(() => srv.stop());

type Samples = Map<string, number>;

/** Parses the text format strictly enough that a malformed line, an undeclared series or a broken histogram fails. */
function parse(text: string): Samples {
  expect(text.endsWith("\n")).toBe(true);
  const types = new Map<string, string>();
  const samples: Samples = new Map();
  for (const line of text.trimEnd().split("\n")) {
    if (line.startsWith("# HELP ")) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1]!)).toBe(false);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\+Inf|NaN)$/.exec(line);
    expect({ line, ok: !!m }).toEqual({ line, ok: true });
    const name = m![1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    expect({ name, declared: types.has(family) }).toEqual({ name, declared: true });
    samples.set(name + (m![2] ?? ""), Number(m![3]));
  }
  for (const [name, type] of types) {
    if (type !== "histogram") continue;
    const buckets = [...samples].filter(([k]) => k.startsWith(`${name}_bucket{`));
    expect(buckets.length).toBeGreaterThan(1);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]![1]).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
    expect(samples.get(`${name}_bucket{le="+Inf"}`)).toBe(samples.get(`${name}_count`)!);
  }
  return samples;
}

const get = (token?: string, url = srv.url) => fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

test("refused without a token (401) or with a token lacking the metrics module (403)", async () => {
  const none = await get();
  expect(none.status).toBe(401);
  expect((await none.json()).error.code).toBe("unauthorized");
  expect((await get(noMetrics)).status).toBe(403);
  expect((await get("pat_" + "a".repeat(40))).status).toBe(401);
  // A signed-in person's cookie is not a scraper's credential.
  const http = new HttpClient(srv.url);
  await http.login(srv.admin.email, srv.admin.password);
  expect((await http.get("/metrics")).status).toBe(403);
});

test("the scrape parses, and its counters move when a message is sent", async () => {
  const res = await get(scrape);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
  const before = parse(await res.text());
  for (const name of ["parley_sockets{kind=\"visitor\"}", "parley_messages_stored_total", "parley_acks_total", "parley_queue_length", "parley_message_path_seconds_count", "parley_database_bytes", "parley_wal_bytes", "parley_webhook_backlog"])
    expect({ name, present: before.has(name) }).toEqual({ name, present: true });
  expect(before.get("parley_database_bytes")!).toBeGreaterThan(0);

  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: "m1", text: "hello metrics" });
  await v.socket.next("ack");
  v.socket.send({ type: "message", clientId: "m1", text: "hello metrics" }); // a resend: acknowledged, stored once
  expect((await v.socket.next("ack")).duplicate).toBe(true);

  const after = parse(await (await get(scrape)).text());
  const moved = (k: string) => after.get(k)! - before.get(k)!;
  expect(moved('parley_messages_appended_total{sender="visitor"}')).toBe(1);
  expect(moved("parley_messages_stored_total")).toBe(1);
  expect(moved("parley_acks_total")).toBe(2);
  expect(moved("parley_duplicates_total")).toBe(1);
  expect(moved("parley_message_path_seconds_count")).toBeGreaterThanOrEqual(2);
  expect(moved('parley_sockets{kind="visitor"}')).toBe(1);
  // No agent is online: the new conversation waits.
  expect(moved("parley_queue_length")).toBe(1);
  v.socket.close();
});

test("an address on the allow-list scrapes without a token; others are refused", async () => {
  const allowed = await startServer({ config: { metricsAllow: parseProxyRules("127.0.0.0/8") } });
  const elsewhere = await startServer({ config: { metricsAllow: parseProxyRules("10.1.2.3") } });
  try {
    const res = await get(undefined, allowed.url);
    expect(res.status).toBe(200);
    parse(await res.text());
    expect((await get(undefined, elsewhere.url)).status).toBe(401);
  } finally {
    await allowed.stop();
    await elsewhere.stop();
  }
});

test("in platform mode the figures are the operator's: an enterprise's metrics token is refused and cannot be made", async () => {
  srv.app.config.mode = "platform";
  try {
    expect((await get(scrape)).status).toBe(403);
    const admin = new HttpClient(srv.url);
    await admin.login(srv.admin.email, srv.admin.password);
    const page = await (await admin.get("/admin/api-tokens")).text();
    expect(page).not.toContain('value="metrics"');
    const token = await admin.csrf("/admin/api-tokens");
    const made = await admin.post("/admin/api-tokens", { _csrf: token, name: "scrape", modules: "metrics", expires: "never" });
    expect(made.status).toBeGreaterThanOrEqual(400);
  } finally {
    srv.app.config.mode = "company";
  }
  expect((await get(scrape)).status).toBe(200);
});
