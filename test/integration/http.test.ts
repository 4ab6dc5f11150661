// Sign-in, sessions, CSRF, the login rate limit, set-up and the embed code over real HTTP.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket } from "../helpers/sockets";

let srv: TestServer;

beforeAll(async () => {
  srv = await startServer({ loginLimits: { perPair: 5, perAddress: 1000, windowMs: 60_000 } });
});
afterAll(() => srv.stop());

describe("sign-in", () => {
  test("signs in with a signed HttpOnly SameSite cookie and reaches the workspace", async () => {
    const c = new HttpClient(srv.url);
    expect((await c.get("/workspace")).headers.get("location")).toBe("/login?next=%2Fworkspace");
    const res = await c.login(srv.agent.email, srv.agent.password);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/workspace");
    const setCookie = res.headers.getSetCookie().find((s) => s.startsWith("parley_session="))!;
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(c.session).toMatch(/^[a-z0-9]+\.[A-Za-z0-9_-]+$/);
    const page = await c.get("/workspace");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ann Agent");
    // A tampered signature is no session at all.
    const forged = new HttpClient(srv.url);
    forged.cookies.set("parley_session", c.session!.replace(/.$/, (ch) => (ch === "A" ? "B" : "A")));
    expect((await forged.get("/workspace")).status).toBe(302);
  });

  test("a wrong password is refused with a message, and says nothing about which part was wrong", async () => {
    const c = new HttpClient(srv.url);
    const wrong = await c.login(srv.agent.email, "not-the-password");
    expect(wrong.status).toBe(401);
    const unknown = await c.login("nobody@example.com", "whatever-1");
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain('data-testid="login-error"');
    expect(a.match(/data-testid="login-error">([^<]*)/)![1]).toBe(b.match(/data-testid="login-error">([^<]*)/)![1]);
  });

  test("the login rate limit refuses further tries for that address and email", async () => {
    const c = new HttpClient(srv.url);
    for (let i = 0; i < 5; i++) expect((await c.login("limit@example.com", `guess-${i}`)).status).toBe(401);
    const limited = await c.login("limit@example.com", "guess-6");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Too many attempts|尝试次数过多/);
    // Another email from the same address is still allowed.
    expect((await c.login(srv.agent.email, srv.agent.password)).status).toBe(303);
  });

  test("sign-out ends the session on the server", async () => {
    const c = new HttpClient(srv.url);
    await c.login(srv.agent.email, srv.agent.password);
    const old = c.session!;
    const token = await c.csrf("/workspace");
    expect((await c.post("/logout", { _csrf: token })).headers.get("location")).toBe("/login?signed_out=1");
    const replay = new HttpClient(srv.url);
    replay.cookies.set("parley_session", old);
    expect((await replay.get("/workspace")).status).toBe(302);
  });

  test("changing the password revokes every session of that user, sockets included at their next connect", async () => {
    const a = new HttpClient(srv.url);
    const b = new HttpClient(srv.url);
    await a.login(srv.admin.email, srv.admin.password);
    await b.login(srv.admin.email, srv.admin.password);
    const token = await a.csrf("/account");
    const wrong = await a.post("/account/password", { _csrf: token, current: "nope", password: "brand-new-pass" });
    expect(wrong.status).toBe(403);
    const res = await a.post("/account/password", { _csrf: token, current: srv.admin.password, password: "brand-new-pass" });
    expect(res.status).toBe(303);
    expect((await b.get("/workspace")).status).toBe(302); // the other browser is signed out
    expect((await a.get("/account")).status).toBe(200); // this one got a fresh session
    const old = new HttpClient(srv.url);
    expect((await old.login(srv.admin.email, srv.admin.password)).status).toBe(401);
    expect((await old.login(srv.admin.email, "brand-new-pass")).status).toBe(303);
    srv.admin.password = "brand-new-pass";
  });
});

describe("CSRF", () => {
  test("state-changing requests without the token, with a wrong one, or from another origin are refused", async () => {
    const c = new HttpClient(srv.url);
    await c.login(srv.agent.email, srv.agent.password);
    const token = await c.csrf("/workspace");
    expect((await c.post("/logout", {})).status).toBe(403);
    expect((await c.post("/logout", { _csrf: "x".repeat(token.length) })).status).toBe(403);
    const foreign = await c.post("/logout", { _csrf: token }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/another website|其他网站/);
    // Still signed in: none of those did anything.
    expect((await c.get("/workspace")).status).toBe(200);
    // The header form (htmx) works as well as the form field.
    expect((await c.request("/logout", { method: "POST", headers: { "x-csrf-token": token } })).status).toBe(303);
  });

  test("the sign-in form itself is protected by a double-submit token", async () => {
    const c = new HttpClient(srv.url);
    await c.csrf("/login");
    const res = await c.post("/login", { email: srv.agent.email, password: srv.agent.password, _csrf: "forged-token-value-12345" });
    expect(res.status).toBe(403);
    expect(c.session).toBeUndefined();
  });
});

describe("pages and public endpoints", () => {
  test("/healthz answers 200", async () => {
    const res = await fetch(`${srv.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("ok");
  });

  test("admins see the embed code of their site; agents may not open admin pages", async () => {
    const admin = new HttpClient(srv.url);
    await admin.login(srv.admin.email, srv.admin.password);
    const html = await (await admin.get("/admin/embed")).text();
    const shown = /data-testid="embed-code"[^>]*>([^<]*)</.exec(html)![1]!;
    const text = shown.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    expect(text).toBe(`<script src="${srv.url}/widget.js" data-site="${srv.siteKey}" async></script>`);
    const agent = new HttpClient(srv.url);
    await agent.login(srv.agent.email, srv.agent.password);
    expect((await agent.get("/admin/embed")).status).toBe(403);
  });

  test("the widget config answers any origin and picks the language", async () => {
    const zh = await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`, { headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    expect(zh.headers.get("access-control-allow-origin")).toBe("*");
    const z = await zh.json();
    expect(z).toMatchObject({ site: srv.siteKey, lang: "zh-CN", online: false, socketUrl: `${srv.wsUrl}/ws/visitor` });
    const en = await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=en`)).json();
    expect(en.lang).toBe("en");
    expect(Object.keys(en.strings).sort()).toEqual(Object.keys(z.strings).sort());
    const missing = await fetch(`${srv.url}/api/widget/config?site=nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  test("the widget reports online once an agent is online", async () => {
    const c = new HttpClient(srv.url);
    await c.login(srv.agent.email, srv.agent.password);
    const a = await agentSocket(srv.wsUrl, c.session!);
    expect((await (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}`)).json()).online).toBe(true);
    a.socket.close();
  });

  test("unknown pages are a 404 page; unknown API paths are JSON; the language switch only goes back home-side", async () => {
    const page = await fetch(`${srv.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    const api = await fetch(`${srv.url}/api/nothing`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe("not_found");
    const lang = await fetch(`${srv.url}/lang/en?back=//evil.example`, { redirect: "manual" });
    expect(lang.headers.get("location")).toBe("/");
    expect(lang.headers.get("set-cookie")).toContain("parley_lang=en");
    expect((await fetch(`${srv.url}/lang/fr`, { redirect: "manual" })).status).toBe(404);
  });

  test("pages follow Accept-Language and the language cookie", async () => {
    expect(await (await fetch(`${srv.url}/login`, { headers: { "accept-language": "en-US,en" } })).text()).toContain(">Sign in<");
    expect(await (await fetch(`${srv.url}/login`, { headers: { "accept-language": "zh-CN" } })).text()).toContain(">登录<");
    expect(await (await fetch(`${srv.url}/login`, { headers: { "accept-language": "en", cookie: "parley_lang=zh-CN" } })).text()).toContain(">登录<");
  });
});

describe("first run", () => {
  test("a fresh data directory shows the set-up page, which creates the enterprise once", async () => {
    const fresh = await startServer({ setup: false });
    try {
      const c = new HttpClient(fresh.url);
      expect((await c.get("/")).headers.get("location")).toBe("/setup");
      expect((await c.get("/login")).headers.get("location")).toBe("/setup");
      const token = await c.csrf("/setup");
      const bad = await c.post("/setup", { _csrf: token, company: "New Co", email: "not-an-email", password: "longenough1" });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/valid email|有效的邮箱/);
      const ok = await c.post("/setup", { _csrf: token, company: "New Co", name: "Nia", email: "nia@new.example", password: "longenough1" });
      expect(ok.status).toBe(303);
      expect(ok.headers.get("location")).toBe("/admin/embed");
      expect(await (await c.get("/admin/embed")).text()).toContain('data-testid="embed-code"');
      const again = new HttpClient(fresh.url);
      expect((await again.get("/setup")).headers.get("location")).toBe("/login");
      const t2 = await again.csrf("/login");
      expect((await again.post("/setup", { _csrf: t2, company: "Evil", email: "e@evil.example", password: "longenough1" })).status).toBe(409);
    } finally {
      await fresh.stop();
    }
  });
});
