// A `next` or `back` with characters beyond what a header holds (a Chinese path) redirects to that
// place percent-encoded, never a 500, and signing in with one creates exactly one session.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.stop());

const sessions = () => (srv.db.$client.query("select count(*) as n from sessions where user_id = ?").get(srv.agent.id) as { n: number }).n;

test("sign-in with a next beyond Latin-1 lands there, encoded, with one session", async () => {
  const c = new HttpClient(srv.url);
  const before = sessions();
  const res = await c.post("/login", { _csrf: await c.csrf("/login"), email: srv.agent.email, password: srv.agent.password, next: "/history?q=退款" });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/history?q=%E9%80%80%E6%AC%BE");
  expect(sessions()).toBe(before + 1);
  // Signed in already: the login page's own redirect encodes the same way.
  const again = await c.get(`/login?next=${encodeURIComponent("/visitors/访客")}`);
  expect(again.status).toBe(302);
  expect(again.headers.get("location")).toBe("/visitors/%E8%AE%BF%E5%AE%A2");
});

test("the language switch's back is encoded too", async () => {
  const res = await fetch(`${srv.url}/lang/en?back=${encodeURIComponent("/history?q=ü")}`, { redirect: "manual" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/history?q=%C3%BC");
});
