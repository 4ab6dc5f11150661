// Blocking visitors (黑名单, issue 16 item 5) over real HTTP and sockets: an agent blocks the visitor
// of a conversation (audited); the visitor's live socket gets `blocked` and is closed with 4451, their
// conversation ends; a new hello, beacons, message-form posts and uploads are refused; a block by
// address catches another visitor id from it; a block expires on the clock; an admin lifts one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CLOSE_CODES } from "../../common/protocol";
import { leadLimits } from "../../src/leads/submit";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, RawSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ann: HttpClient;
let ada: HttpClient;
let annSocket: Awaited<ReturnType<typeof agentSocket>>;

beforeAll(async () => {
  srv = await startServer();
  ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  ada = new HttpClient(srv.url);
  await ada.login(srv.admin.email, srv.admin.password);
  annSocket = await agentSocket(srv.wsUrl, ann.session!);
});
afterAll(() => srv.stop());

async function chat(vid = randomVisitorId()) {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
  v.socket.send({ type: "message", clientId: "c1", text: "你们都是骗子" });
  const { conversationId } = await v.socket.next("ack");
  await annSocket.socket.next("message", (m) => m.conversationId === conversationId);
  return { ...v, conversationId };
}

async function block(conversationId: string, form: Record<string, string>) {
  const csrf = await ann.csrf("/workspace");
  return ann.post(`/api/conversations/${conversationId}/block`, form, { "x-csrf-token": csrf });
}

async function helloAs(vid: string) {
  const s = new RawSocket(`${srv.wsUrl}/ws/visitor`);
  await s.opened;
  s.send({ type: "hello", role: "visitor", site: srv.siteKey, visitorId: vid });
  return s;
}

const beacon = (vid: string) => fetch(`${srv.url}/api/widget/beacon`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid, state: "load", url: "https://shop.example/" }) });
const leaveMessage = (vid: string) =>
  fetch(`${srv.url}/api/widget/leads`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid, name: "张三", phone: "13800138000", message: "再来骂" }) });
/** Waits for the socket to close (next() gives up at once when it does) and returns the close code. */
const closedWith = async (s: RawSocket) => {
  await s.next("pong", () => false).catch(() => {});
  return s.closed?.code;
};

describe("blocking", () => {
  test("an agent blocks a visitor: socket, new hellos, beacons, forms and uploads are refused; audited", async () => {
    const v = await chat();
    expect((await beacon(v.visitorId)).status).toBe(200);
    const res = await block(v.conversationId, { reason: "辱骂客服", duration: "permanent" });
    expect(res.status).toBe(200);
    const { block: b } = await res.json();
    expect(b.expiresAt).toBeNull();
    // The live socket hears why and is closed; the conversation ended for the agents.
    expect(await v.socket.next("error", (e) => e.code === "blocked")).toMatchObject({ code: "blocked" });
    expect(await closedWith(v.socket)).toBe(CLOSE_CODES.blocked);
    await annSocket.socket.next("conversation", (f) => f.conversation.id === v.conversationId && f.conversation.status === "closed");
    // A new socket: hello refused, closed, nothing written about the visitor.
    const again = await helloAs(v.visitorId);
    expect(await again.next("error")).toMatchObject({ code: "blocked" });
    expect(await closedWith(again)).toBe(CLOSE_CODES.blocked);
    expect(again.frames.some((f) => f.type === "welcome")).toBe(false);
    // Beacons, the message form and uploads.
    const refusedBeacon = await beacon(v.visitorId);
    expect(refusedBeacon.status).toBe(403);
    expect((await refusedBeacon.json()).error.code).toBe("blocked");
    leadLimits(srv.app).attempts.reset();
    const form = await leaveMessage(v.visitorId);
    expect(form.status).toBe(403);
    expect((await form.json()).error.code).toBe("blocked");
    const upload = new FormData();
    upload.append("site", srv.siteKey);
    upload.append("vid", v.visitorId);
    upload.append("file", new File(["hi"], "a.txt", { type: "text/plain" }));
    expect((await fetch(`${srv.url}/api/widget/uploads`, { method: "POST", body: upload })).status).toBe(403);
    // Another visitor is not affected.
    const other = await chat();
    other.socket.close();
    const audit = srv.db.$client.query("select actor_name, details from audit_log where action = 'visitor.blocked'").get() as { actor_name: string; details: string };
    expect(audit.actor_name).toBe("Ann Agent");
    expect(JSON.parse(audit.details).reason).toBe("辱骂客服");
  });

  test("by address: another visitor id from the same address is refused too", async () => {
    const v = await chat();
    expect((await block(v.conversationId, { reason: "换号骚扰", duration: "1d", ip: "1" })).status).toBe(200);
    await closedWith(v.socket);
    const fresh = await helloAs(randomVisitorId()); // same address (127.0.0.1), new browser id
    expect(await fresh.next("error")).toMatchObject({ code: "blocked" });
    expect((await beacon(randomVisitorId())).status).toBe(403);
    // Lifted by an admin from the list: the address (and that visitor) may chat again.
    const page = await (await ada.get("/admin/blocking?q=" + encodeURIComponent("换号"))).text();
    const id = /action="\/admin\/blocking\/(blk_[^/]+)\/lift"/.exec(page)![1]!;
    expect(page).toContain("127.0.0.1");
    const csrf = await ada.csrf("/admin/blocking");
    const lifted = await ada.post(`/admin/blocking/${id}/lift`, { _csrf: csrf });
    expect(lifted.status).toBe(200);
    expect(await lifted.text()).toContain('data-testid="flash-notice"');
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId);
    expect(back.welcome.type).toBe("welcome");
    back.socket.close();
    expect(srv.db.$client.query("select count(*) as n from audit_log where action = 'visitor.unblocked'").get()).toEqual({ n: 1 });
    // Lifting twice is refused.
    expect((await ada.post(`/admin/blocking/${id}/lift`, { _csrf: csrf })).status).toBe(409);
  });

  test("a block expires on the clock; bad input is refused; another agent's view of the list", async () => {
    const v = await chat();
    expect((await block(v.conversationId, { reason: "x".repeat(501) })).status).toBe(422);
    expect((await block(v.conversationId, { duration: "forever" })).status).toBe(422);
    expect((await block(v.conversationId, { reason: "刷屏", duration: "1d" })).status).toBe(200);
    await closedWith(v.socket);
    expect((await beacon(v.visitorId)).status).toBe(403);
    srv.clock.advance(86_400_000 + 1000);
    expect((await beacon(v.visitorId)).status).toBe(200);
    const back = await visitorSocket(srv.wsUrl, srv.siteKey, v.visitorId);
    expect(back.welcome.type).toBe("welcome");
    back.socket.close();
    // The admin's list: live ones by default, expired with "all".
    const live = await (await ada.get("/admin/blocking")).text();
    expect(live).not.toContain("刷屏");
    const all = await (await ada.get("/admin/blocking?all=1&q=" + encodeURIComponent("刷屏"))).text();
    expect(all).toContain('data-state="expired"');
  });
});
