// Parley.identify: the host site signs its user's id with the site's identity secret (HMAC-SHA256,
// hex). A good signature ties the visitor — from any browser — to one customer; a forged, missing
// or old (rotated) one changes nothing, and the visitor still chats.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { visitorKey } from "../../src/chat/visitors";
import { blockVisitor, DURATIONS } from "../../src/blocking/blocks";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { randomVisitorId, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

const sign = (secret: string, id: string) => createHmac("sha256", secret).update(id).digest("hex");
const identify = (form: Record<string, string>) =>
  fetch(`${srv.url}/api/widget/identify`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, ...form }), headers: { origin: "https://shop.example" } });
const linkOf = (vid: string) =>
  srv.db.$client.query("select customer_id, verified from customer_links where kind = 'visitor' and ref_id = ?").get(visitorKey(srv.enterpriseId, vid)) as { customer_id: string; verified: number } | null;

async function secretOnEmbedPage(): Promise<string> {
  const html = await (await admin.get("/admin/embed")).text();
  const m = /data-testid="identity-secret">([^<]+)</.exec(html);
  expect(m).not.toBeNull();
  return m![1]!;
}

describe("Parley.identify", () => {
  test("a good signature ties visitors of two browsers to one customer; forged and missing ones are ignored", async () => {
    const secret = await secretOnEmbedPage();
    const laptop = randomVisitorId();
    const phone = randomVisitorId();
    const ok = await identify({ vid: laptop, id: "user-42", name: "王小明", email: "xm@example.com", phone: "13800000042", signature: sign(secret, "user-42") });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect((await identify({ vid: phone, id: "user-42", signature: sign(secret, "user-42").toUpperCase() })).status).toBe(200);
    const a = linkOf(laptop)!;
    expect(a.verified).toBe(1);
    expect(linkOf(phone)!.customer_id).toBe(a.customer_id);
    const c = srv.db.$client.query("select * from customers where id = ?").get(a.customer_id) as Record<string, unknown>;
    expect(c).toMatchObject({ external_id: "user-42", name: "王小明", email: "xm@example.com", phone: "13800000042" });

    // Forged: signed with another secret, for another id, or not at all.
    const mallory = randomVisitorId();
    expect((await identify({ vid: mallory, id: "user-42", signature: sign("not-the-secret", "user-42") })).status).toBe(403);
    expect((await identify({ vid: mallory, id: "user-42", signature: sign(secret, "user-43") })).status).toBe(403);
    expect((await identify({ vid: mallory, id: "user-42" })).status).toBe(403);
    expect((await identify({ vid: mallory, id: "user-42", signature: "zz" })).status).toBe(403);
    expect(linkOf(mallory)).toBeNull();
    expect(srv.db.$client.query("select count(*) as n from customers where external_id = 'user-42'").get()).toEqual({ n: 1 });

    // A visitor whose identify was refused still chats.
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, mallory);
    v.socket.send({ type: "message", clientId: "still-1", text: "你好" });
    expect((await v.socket.next("ack")).clientId).toBe("still-1");
    v.socket.close();

    // A visitor who typed the customer's email in a form is matched, but not proven: a signed identify of
    // someone else moves them, a matched link never moves a proven one.
    const typed = randomVisitorId();
    await fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid: typed, name: "冒充", phone: "13800000042", message: "hi" }) });
    expect(linkOf(typed)).toMatchObject({ customer_id: a.customer_id, verified: 0 });
    expect(linkOf(laptop)!.verified).toBe(1);
  });

  test("rotating the secret makes old signatures invalid at once", async () => {
    const old = await secretOnEmbedPage();
    const siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
    expect((await admin.post(`/admin/embed/identity/${siteId}/rotate`, { _csrf: await admin.csrf("/admin/embed") })).status).toBe(303);
    const fresh = await secretOnEmbedPage();
    expect(fresh).not.toBe(old);
    const vid = randomVisitorId();
    expect((await identify({ vid, id: "user-7", signature: sign(old, "user-7") })).status).toBe(403);
    expect((await identify({ vid, id: "user-7", signature: sign(fresh, "user-7") })).status).toBe(200);
    expect(linkOf(vid)!.verified).toBe(1);
  });

  test("a blocked visitor's identify is refused", async () => {
    const secret = await secretOnEmbedPage();
    const vid = randomVisitorId();
    blockVisitor(srv.db, srv.enterpriseId, { visitorId: visitorKey(srv.enterpriseId, vid), withIp: false, reason: "spam", duration: Object.keys(DURATIONS)[0]!, conversationId: "", by: { id: null, name: "test" } }, srv.app.chat.clock.now());
    const r = await identify({ vid, id: "user-9", signature: sign(secret, "user-9") });
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe("blocked");
    expect(linkOf(vid)).toBeNull();
  });

  test("bad input is refused clearly", async () => {
    expect((await identify({ vid: "short", id: "x", signature: "00" })).status).toBe(404);
    expect((await identify({ vid: randomVisitorId(), id: "", signature: "00" })).status).toBe(400);
    expect((await identify({ vid: randomVisitorId(), id: "x".repeat(200), signature: "00" })).status).toBe(400);
  });
});
