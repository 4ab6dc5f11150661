// Every kind of response carries the security headers: pages, htmx fragments, JSON, errors, redirects,
// static files and the widget's loader. The policy allows our own scripts only; HSTS is sent when the
// browser reached us over https.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseProxyRules } from "../../src/http/client-address";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

function expectSecure(what: string, res: Response, frameAncestors = "'none'") {
  const h = res.headers;
  expect([what, h.get("x-content-type-options"), h.get("referrer-policy")]).toEqual([what, "nosniff", "same-origin"]);
  const csp = h.get("content-security-policy") ?? "";
  expect([what, csp]).toEqual([what, expect.stringContaining("script-src 'self';")]);
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain(`frame-ancestors ${frameAncestors}`);
}

describe("security headers", () => {
  test("on pages, fragments, JSON, errors, redirects, files and the widget", async () => {
    const anon = new HttpClient(srv.url);
    const cases: [string, Response][] = [
      ["page", await admin.get("/history")],
      ["htmx fragment", await admin.get("/history/results", { "hx-request": "true" })],
      ["JSON", await anon.get(`/api/widget/config?site=${srv.siteKey}`)],
      ["JSON error", await admin.get("/api/conversations/nope/messages")],
      ["404 page", await anon.get("/no-such-page")],
      ["redirect", await anon.get("/workspace")],
      ["static file", await anon.get("/static/css/app.css")],
      ["widget loader", await anon.get("/widget.js")],
      ["health", await anon.get("/healthz")],
      ["413", await anon.post("/login", { email: "x".repeat(70 * 1024) })],
    ];
    for (const [what, res] of cases) {
      await res.arrayBuffer();
      expectSecure(what, res);
      expect([what, res.headers.get("strict-transport-security")]).toEqual([what, null]);
    }
    expect(cases[2]![1].headers.get("x-frame-options")).toBe("DENY");
  });

  test("the style page's preview may be framed by our own pages only", async () => {
    const sites = await (await admin.get("/admin/styles")).text();
    const src = /src="(\/admin\/styles\/preview[^"]+)"/.exec(sites)![1]!.replaceAll("&amp;", "&");
    const res = await admin.get(src);
    expect(res.status).toBe(200);
    expectSecure("preview", res, "'self'");
  });

  test("HSTS when the browser used https: through a trusted proxy, not on a forged header", async () => {
    const forged = await fetch(`${srv.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(forged.headers.get("strict-transport-security")).toBeNull();
    srv.app.config.trustedProxies = parseProxyRules("127.0.0.1");
    try {
      const proxied = await fetch(`${srv.url}/login`, { headers: { "x-forwarded-proto": "https" } });
      expect(proxied.headers.get("strict-transport-security")).toBe("max-age=31536000");
      const json = await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`, { headers: { "x-forwarded-proto": "https" } });
      expect(json.headers.get("strict-transport-security")).toBe("max-age=31536000");
    } finally {
      srv.app.config.trustedProxies = [];
    }
  });
});
