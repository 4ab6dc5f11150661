// An admin inviting an address learns nothing about other enterprises: an address in use anywhere
// in the install (it is the sign-in name, unique across enterprises) gets the one same answer,
// whether it holds a seat in the admin's own enterprise or in another, and that answer names
// neither the other enterprise nor its seat.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createEnterprise } from "../../src/accounts/setup";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;
beforeAll(async () => {
  srv = await startServer();
  await createEnterprise(srv.db, { company: "Secretive Holdings", adminName: "Quinn Quiet", email: "quinn@secretive.example", password: PASSWORD });
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

async function invite(email: string) {
  const res = await admin.post("/admin/agents", { _csrf: await admin.csrf("/account"), name: "New Agent", email, cap: "3", role: "agent" }, { "hx-request": "true" });
  const html = await res.text();
  return { status: res.status, message: /class="error"[^>]*>([^<]*)</.exec(html)?.[1] ?? null, html };
}

test("an address of another enterprise gets the same answer as one of this enterprise", async () => {
  const own = await invite(srv.agent.email);
  const other = await invite("quinn@secretive.example");
  expect(own.status).toBe(409);
  expect(other.status).toBe(own.status);
  expect(own.message).toBeTruthy();
  expect(other.message).toBe(own.message);
  for (const word of ["Secretive", "Quinn", "another enterprise", "其他企业"]) expect(other.html).not.toContain(word);
  // A free address is invited as usual.
  expect((await invite("fresh@example.com")).status).toBe(200);
});
