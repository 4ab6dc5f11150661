// Forwarded headers are believed only from a configured trusted proxy. Without one, a client that
// sends X-Forwarded-For cannot pick the address the sign-in limiter counts, nor can X-Forwarded-Host
// pick the origin the widget's socket URL is built from; with --trusted-proxy, the clients behind
// the proxy are told apart and the origin is the one they used.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseProxyRules } from "../../src/http/client-address";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const PER_ADDRESS = 10;
const limits = { perPair: 5, perAddress: PER_ADDRESS, windowMs: 60_000 };

/** A wrong sign-in for a new email each time (so only the per-address limit can refuse it). */
let n = 0;
async function wrongSignIn(srv: TestServer, headers: Record<string, string>): Promise<number> {
  const c = new HttpClient(srv.url);
  const token = await c.csrf("/login");
  return (await c.post("/login", { email: `someone${++n}@example.com`, password: "wrong-password-1", _csrf: token }, headers)).status;
}

async function socketUrl(srv: TestServer, headers: Record<string, string>): Promise<string> {
  return (await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`, { headers })).json()).socketUrl;
}

describe("with no trusted proxy configured", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ loginLimits: limits });
  });
  afterAll(() => srv.stop());

  test("X-Forwarded-For does not change the limiter's key: forged 'different' clients all count against the real address", async () => {
    for (let i = 1; i <= PER_ADDRESS; i++) expect(await wrongSignIn(srv, { "x-forwarded-for": `203.0.113.${i}` })).toBe(401);
    expect(await wrongSignIn(srv, { "x-forwarded-for": "198.51.100.77" })).toBe(429);
    expect(await wrongSignIn(srv, {})).toBe(429);
  }, 30_000);

  test("X-Forwarded-Host and -Proto do not change the widget's socket URL", async () => {
    const own = srv.url.replace("http://", "ws://") + "/ws/visitor";
    expect(await socketUrl(srv, {})).toBe(own);
    expect(await socketUrl(srv, { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" })).toBe(own);
  });
});

describe("behind a trusted proxy (--trusted-proxy 127.0.0.1)", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ loginLimits: limits });
    srv.app.config.trustedProxies = parseProxyRules("127.0.0.1");
  });
  afterAll(() => srv.stop());

  test("clients behind the proxy are limited separately, by the address the proxy forwards", async () => {
    for (let i = 0; i < PER_ADDRESS; i++) expect(await wrongSignIn(srv, { "x-forwarded-for": "203.0.113.1" })).toBe(401);
    expect(await wrongSignIn(srv, { "x-forwarded-for": "203.0.113.1" })).toBe(429);
    // What the client itself wrote in front of the proxy's entry changes nothing.
    expect(await wrongSignIn(srv, { "x-forwarded-for": "192.0.2.9, 203.0.113.1" })).toBe(429);
    // Another client behind the same proxy is not locked out.
    expect(await wrongSignIn(srv, { "x-forwarded-for": "203.0.113.2" })).toBe(401);
  }, 30_000);

  test("a garbled hop ends the chain at the proxy: addresses the client wrote left of it are not believed", async () => {
    // A proxy's own entry with a port is still its client's address.
    for (let i = 0; i < PER_ADDRESS; i++) expect(await wrongSignIn(srv, { "x-forwarded-for": "203.0.113.3:51234" })).toBe(401);
    expect(await wrongSignIn(srv, { "x-forwarded-for": "203.0.113.3" })).toBe(429);
    // Forged "different" clients in front of an entry that is no address all count against the proxy.
    for (let i = 1; i <= PER_ADDRESS; i++) expect(await wrongSignIn(srv, { "x-forwarded-for": `198.51.100.${i}, unknown` })).toBe(401);
    expect(await wrongSignIn(srv, { "x-forwarded-for": "198.51.100.99, unknown" })).toBe(429);
  }, 30_000);

  test("the forwarded host and scheme make the origin: the widget's socket URL is the public one", async () => {
    expect(await socketUrl(srv, { "x-forwarded-host": "chat.example.com", "x-forwarded-proto": "https" })).toBe("wss://chat.example.com/ws/visitor");
    // A malformed forwarded host is ignored.
    expect(await socketUrl(srv, { "x-forwarded-host": "evil.example/<x>", "x-forwarded-proto": "https" })).toBe(srv.url.replace("http://", "wss://") + "/ws/visitor");
  });
});
