// The REST API called with a person's session cookie (the guard accepts one on /api/v1, with its
// CSRF token) is held to that person's role like the pages are: an own-scope agent reads only the
// leads their scope reaches (the pool and their own claims, as on /leads), and a person writes into
// a conversation only as themselves — never as a colleague's seat, nor as the robot (those are an
// API token's, which is no seat) — and reads a visitor's name and email (what they typed in the
// pre-chat form) only when a conversation of that visitor is within their scope, as in the workspace.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRole } from "../../src/accounts/roles";
import { createSession } from "../../src/accounts/sessions";
import { createToken } from "../../src/api/tokens";
import { MODULES } from "../../common/permissions";
import { addUser, getUser, type User } from "../../src/accounts/users";
import { touchVisitor } from "../../src/chat/visitors";
import { saveAttachment } from "../../src/files/attachments";
import { claimLead, createLead } from "../../src/leads/leads";
import { PNG_BYTES } from "../helpers/platform";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ann: User;
let bob: User;
let ada: User;
const leadIds = { bobs: "", anns: "", pool: "" };

function as(user: User) {
  const s = createSession(srv.db, user, 1);
  return (method: string, path: string, body?: unknown) =>
    fetch(srv.url + path, {
      method,
      headers: { cookie: `parley_session=${s.cookie}`, "x-csrf-token": s.csrfToken, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
}

beforeAll(async () => {
  srv = await startServer();
  const db = srv.db;
  const eid = srv.enterpriseId;
  ann = getUser(db, eid, srv.agent.id)!;
  ada = getUser(db, eid, (db.$client.query("select id from users where email = ?").get(srv.admin.email) as { id: string }).id)!;
  bob = await addUser(db, eid, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" });
  const siteId = (db.$client.query("select id from sites where enterprise_id = ?").get(eid) as { id: string }).id;
  const lead = (name: string) => createLead(db, eid, { siteId, visitorId: null, fields: [{ key: "name", label: "Name", value: name }, { key: "message", label: "Message", value: "call me" }], pageUrl: "", lang: "en" }).id;
  leadIds.bobs = lead("Bob's caller");
  leadIds.anns = lead("Ann's caller");
  leadIds.pool = lead("Nobody's caller");
  expect(claimLead(db, eid, leadIds.bobs, bob.id)).toBe(true);
  expect(claimLead(db, eid, leadIds.anns, ann.id)).toBe(true);
});
afterAll(() => srv.stop());

describe("an own-scope agent's session on /api/v1/leads", () => {
  test("another agent's claimed lead is not found, and the list leaves it out", async () => {
    const annApi = as(ann);
    expect((await annApi("GET", `/api/v1/leads/${leadIds.bobs}`)).status).toBe(404);
    expect((await annApi("GET", `/api/v1/leads/${leadIds.anns}`)).status).toBe(200);
    expect((await annApi("GET", `/api/v1/leads/${leadIds.pool}`)).status).toBe(200);
    const list = (await (await annApi("GET", "/api/v1/leads")).json()) as { leads: { id: string }[] };
    expect(list.leads.map((l) => l.id).sort()).toEqual([leadIds.anns, leadIds.pool].sort());
    // The same scope as the Leads pages.
    expect((await annApi("GET", `/leads/${leadIds.bobs}`)).status).toBe(404);
  });

  test("an enterprise-scope person still reads every lead", async () => {
    const adaApi = as(ada);
    expect((await adaApi("GET", `/api/v1/leads/${leadIds.bobs}`)).status).toBe(200);
    const list = (await (await adaApi("GET", "/api/v1/leads")).json()) as { leads: { id: string }[] };
    expect(list.leads).toHaveLength(3);
  });
});

describe("a person's session on POST /api/v1/conversations/:id/messages", () => {
  test("writes only as themselves: not as the colleague who holds the chat, not as another seat, not as the robot", async () => {
    // Ann is online when the visitor writes: the conversation is hers.
    const annSocket = await agentSocket(srv.wsUrl, createSession(srv.db, ann, 1).cookie);
    const visitor = await visitorSocket(srv.wsUrl, srv.siteKey);
    visitor.socket.send({ type: "message", clientId: "v-1", text: "hello?" });
    const conversationId = (await visitor.socket.next("ack")).conversationId;
    expect((srv.db.$client.query("select agent_id from conversations where id = ?").get(conversationId) as { agent_id: string }).agent_id).toBe(ann.id);
    const count = () => (srv.db.$client.query("select count(*) as n from messages where conversation_id = ?").get(conversationId) as { n: number }).n;
    const before = count();

    // Ada (an admin, enterprise scope) may read Ann's chat, but may not put words in Ann's mouth.
    const adaApi = as(ada);
    const asAnn = await adaApi("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "I am Ann (really Ada)", as: "agent", agentId: ann.id });
    expect(asAnn.status).toBe(403);
    expect(((await asAnn.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const asBot = await adaApi("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "I am the robot (really Ada)", as: "bot" });
    expect(asBot.status).toBe(403);
    // Writing as herself into Ann's chat is "not yours to answer", as in the workspace.
    expect((await adaApi("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "Ada here", as: "agent", agentId: ada.id })).status).toBe(409);
    expect(count()).toBe(before);

    // Ann writes as herself (agentId may be left out: it is her).
    const own = await as(ann)("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "Ann here", as: "agent" });
    expect(own.status).toBe(201);
    expect(((await own.json()) as { message: { authorName: string } }).message.authorName).toBe("Ann Agent");
    expect((await visitor.socket.next("message", (f) => f.text === "Ann here")).authorName).toBe("Ann Agent");
    expect((await visitor.socket.collect(100)).filter((f) => f.type === "message" && /really Ada/.test(String(f.text)))).toEqual([]);
    visitor.socket.close();
    annSocket.socket.close();
  });
});

describe("a person's session on /api/v1/visitors", () => {
  test("an own-scope agent does not read the name and email of a visitor whose chats are another agent's", async () => {
    const db = srv.db;
    const eid = srv.enterpriseId;
    const siteId = (db.$client.query("select id from sites where enterprise_id = ?").get(eid) as { id: string }).id;
    const page = { url: "https://shop.example/", title: "Shop", referrer: "" };
    // Bob's visitor told the pre-chat form who they are; so did one of Ann's.
    const bobs = touchVisitor(db, eid, "bobsvisitor000001", { siteId, page, userAgent: "" });
    const anns = touchVisitor(db, eid, "annsvisitor000001", { siteId, page, userAgent: "" });
    db.$client.query("update visitors set name = ?, email = ? where id = ?").run("Secret Person", "secret@example.com", bobs.id);
    db.$client.query("update visitors set name = ?, email = ? where id = ?").run("Ann's Visitor", "annsvisitor@example.com", anns.id);
    const bc = srv.app.chat.conversations.create(eid, siteId, bobs.id);
    const ac = srv.app.chat.conversations.create(eid, siteId, anns.id);
    db.$client.query("update conversations set agent_id = ?, status = 'closed' where id = ?").run(bob.id, bc.id);
    db.$client.query("update conversations set agent_id = ?, status = 'closed' where id = ?").run(ann.id, ac.id);

    const annApi = as(ann);
    const one = (await (await annApi("GET", `/api/v1/visitors/${bobs.id}`)).json()) as { visitor: Record<string, unknown> };
    expect(one.visitor.id).toBe(bobs.id);
    expect(one.visitor.name).toBeUndefined();
    expect(one.visitor.email).toBeUndefined();
    const list = await (await annApi("GET", "/api/v1/visitors?limit=200")).text();
    expect(list).not.toContain("secret@example.com");
    expect(list).not.toContain("Secret Person");
    // Her own visitor's details she reads, and an enterprise-scope person reads both.
    expect(list).toContain("annsvisitor@example.com");
    const adaList = await (await as(ada)("GET", "/api/v1/visitors?limit=200")).text();
    expect(adaList).toContain("secret@example.com");
    expect(adaList).toContain("annsvisitor@example.com");
  });
});

describe("reading a conversation through History's module alone", () => {
  test("a History-only token and a History-only role read the conversations they list, and no more", async () => {
    const db = srv.db;
    const eid = srv.enterpriseId;
    const siteId = (db.$client.query("select id from sites where enterprise_id = ?").get(eid) as { id: string }).id;
    const v = touchVisitor(db, eid, "historyvisitor001", { siteId, page: { url: "", title: "", referrer: "" }, userAgent: "" });
    const bobsChat = srv.app.chat.conversations.create(eid, siteId, v.id);
    db.$client.query("update conversations set agent_id = ?, status = 'closed' where id = ?").run(bob.id, bobsChat.id);

    const token = createToken(db, eid, { name: "Archive", modules: ["history"] }).token;
    const bearer = (path: string) => fetch(srv.url + path, { headers: { authorization: `Bearer ${token}` } });
    const listed = (await (await bearer("/api/v1/conversations")).json()) as { conversations: { id: string }[] };
    expect(listed.conversations.map((c) => c.id)).toContain(bobsChat.id);
    expect((await bearer(`/api/v1/conversations/${bobsChat.id}`)).status).toBe(200);
    expect((await bearer(`/api/v1/conversations/${bobsChat.id}/messages`)).status).toBe(200);

    // An auditor role (History, enterprise scope, no workspace) reads it as on /history/:id ...
    const full = { roleId: "admin", modules: MODULES, scope: "enterprise" as const };
    const auditor = createRole(db, { id: ada.id, name: ada.name, enterpriseId: eid }, full, { name: "Auditor", modules: ["history"], scope: "enterprise" });
    const audrey = await addUser(db, eid, { email: "audrey@example.com", password: PASSWORD, name: "Audrey", role: auditor.id });
    expect((await as(audrey)("GET", `/history/${bobsChat.id}`)).status).toBe(200);
    expect((await as(audrey)("GET", `/api/conversations/${bobsChat.id}/messages`)).status).toBe(200);
    expect((await as(audrey)("GET", `/api/v1/conversations/${bobsChat.id}`)).status).toBe(200);
    // The transcript's attachments download for her too.
    const file = new File([PNG_BYTES as Uint8Array<ArrayBuffer>], "photo.png", { type: "image/png" });
    const attachment = await saveAttachment(db, srv.dataDir, eid, file, { visitorId: v.id, conversationId: bobsChat.id, uploadedBy: null });
    expect((await as(audrey)("GET", `/api/attachments/${attachment.id}`)).status).toBe(200);
    // ... but cannot act on it (no workspace), and an own-scope History role still reads only its own.
    expect((await as(audrey)("POST", `/api/v1/conversations/${bobsChat.id}/close`)).status).toBe(403);
    const ownArchive = createRole(db, { id: ada.id, name: ada.name, enterpriseId: eid }, full, { name: "Own archive", modules: ["history"], scope: "own" });
    const olive = await addUser(db, eid, { email: "olive@example.com", password: PASSWORD, name: "Olive", role: ownArchive.id });
    expect((await as(olive)("GET", `/history/${bobsChat.id}`)).status).toBe(404);
    expect((await as(olive)("GET", `/api/conversations/${bobsChat.id}/messages`)).status).toBe(404);
    expect((await as(olive)("GET", `/api/v1/conversations/${bobsChat.id}`)).status).toBe(404);
    expect((await as(olive)("GET", `/api/attachments/${attachment.id}`)).status).toBe(404);
  });
});
