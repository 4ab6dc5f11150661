// Attachments over real HTTP and sockets: what an upload may be (type by content, size), where it
// goes (a message carries it), and who may fetch it (the conversation's visitor by their id, the
// agents who may see the conversation; nobody else).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createSession } from "../../src/accounts/sessions";
import { addUser, getUser } from "../../src/accounts/users";
import { LIMITS, type Attachment } from "../../common/protocol";
import { uploadLimits } from "../../src/files/routes";
import { UNSENT_UPLOADS } from "../../src/files/attachments";
import { PNG } from "../helpers/files";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";
import { within } from "../helpers/wait";

let srv: TestServer;
let ann: Awaited<ReturnType<typeof agentSocket>>;
let annHttp: HttpClient;
let bobHttp: HttpClient; // another agent, own data scope
let ada: HttpClient; // admin, whole enterprise
let siteId = "";

beforeAll(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" });
  ann = await agentSocket(srv.wsUrl, createSession(srv.db, getUser(srv.db, srv.enterpriseId, srv.agent.id)!, 1).cookie);
  annHttp = new HttpClient(srv.url);
  bobHttp = new HttpClient(srv.url);
  ada = new HttpClient(srv.url);
  await annHttp.login(srv.agent.email, srv.agent.password);
  await bobHttp.login("bob@example.com", PASSWORD);
  await ada.login(srv.admin.email, srv.admin.password);
});
afterAll(() => {
  ann.socket.close();
  return srv.stop();
});

const upload = (vid: string, file: Blob, name: string, site = srv.siteKey) => {
  const body = new FormData();
  body.append("site", site);
  body.append("vid", vid);
  body.append("lang", "en");
  body.append("file", file, name);
  return fetch(`${srv.url}/api/widget/uploads`, { method: "POST", body, headers: { origin: "https://shop.example" } });
};
const visitorFetch = (vid: string, id: string) => fetch(`${srv.url}/api/widget/files/${id}`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey, vid }) });

describe("what an upload may be", () => {
  test("an image is stored under an unguessable name; its type is what its bytes say", async () => {
    const vid = randomVisitorId();
    const res = await upload(vid, new Blob([PNG], { type: "application/octet-stream" }), "screenshot.png");
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const { attachment } = (await res.json()) as { attachment: Attachment };
    expect(attachment).toMatchObject({ name: "screenshot.png", type: "image/png", size: PNG.length });
    expect(attachment.id).toMatch(/^att_/);
    const stored = readdirSync(join(srv.dataDir, "attachments"));
    expect(stored.length).toBeGreaterThan(0);
    for (const name of stored) expect(name).toMatch(/^[a-z0-9]{32}$/);
  });

  test("a disguised file is refused: its name or declared type says image, its content does not", async () => {
    const vid = randomVisitorId();
    const html = new Blob(["<!doctype html><script>alert(document.cookie)</script>"], { type: "image/png" });
    const disguised = await upload(vid, html, "photo.png");
    expect(disguised.status).toBe(415);
    expect(disguised.headers.get("access-control-allow-origin")).toBe("*");
    expect((await disguised.json()).error.code).toBe("upload_disguised");
    // An executable is no accepted kind at all, whatever it is called.
    const exe = await upload(vid, new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0])], { type: "image/jpeg" }), "cat.jpg");
    expect(exe.status).toBe(415);
    expect((await exe.json()).error).toMatchObject({ code: "upload_bad_type", message: expect.stringContaining("not accepted") });
    // A PDF called .png is disguised too; called .pdf it is fine.
    const pdf = new Blob(["%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"]);
    expect((await upload(vid, pdf, "invoice.png")).status).toBe(415);
    const ok = await upload(vid, pdf, "invoice.pdf");
    expect(ok.status).toBe(201);
    expect((await ok.json()).attachment.type).toBe("application/pdf");
  });

  test("too large, empty, unknown site or malformed visitor id: refused", async () => {
    const vid = randomVisitorId();
    const big = new Uint8Array(LIMITS.maxAttachmentBytes + 1);
    big.set(PNG);
    const tooBig = await upload(vid, new Blob([big]), "huge.png");
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe("upload_too_large");
    expect((await upload(vid, new Blob([]), "empty.txt")).status).toBe(415);
    expect((await upload(vid, new Blob([PNG]), "a.png", "no-such-site")).status).toBe(404);
    expect((await upload("short", new Blob([PNG]), "a.png")).status).toBe(404);
  });

  test("an address over its upload limit is refused before its body is read", async () => {
    const limits = uploadLimits(srv.app);
    const max = limits.ip.max;
    limits.ip.max = 1;
    limits.ip.reset();
    const abort = new AbortController();
    try {
      expect((await upload(randomVisitorId(), new Blob([PNG]), "1.png")).status).toBe(201);
      // A body that starts and never ends (a slow or hostile client): the refusal cannot wait for it.
      const endless = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode("--x\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\n")) });
      const res = fetch(`${srv.url}/api/widget/uploads`, {
        method: "POST",
        body: endless,
        headers: { "content-type": "multipart/form-data; boundary=x", origin: "https://shop.example" },
        signal: abort.signal,
        duplex: "half",
      } as RequestInit);
      const answer = await within(res.then((r) => r.status), 3000, "no answer while the body was awaited");
      expect(answer).toBe(429);
      const refused = await res;
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      abort.abort();
      limits.ip.max = max;
      limits.ip.reset();
    }
  });

  test("uploads never sent are bounded per enterprise: past the bound the oldest go, files and all", async () => {
    const limits = uploadLimits(srv.app);
    const { maxFiles, maxBytes } = UNSENT_UPLOADS;
    const unsent = () => srv.db.$client.query("select id, stored, size from attachments where enterprise_id = ? and conversation_id is null and uploaded_by is null order by created_at, rowid").all(srv.enterpriseId) as { id: string; stored: string; size: number }[];
    const onDisk = (stored: string) => readdirSync(join(srv.dataDir, "attachments")).includes(stored);
    limits.ip.reset();
    UNSENT_UPLOADS.maxFiles = 3;
    try {
      // A script uploading as made-up visitors and never sending.
      const made: { vid: string; id: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const vid = randomVisitorId();
        const res = await upload(vid, new Blob([PNG]), `${i}.png`);
        expect(res.status).toBe(201);
        made.push({ vid, id: (await res.json()).attachment.id });
      }
      const left = unsent();
      expect(left.map((a) => a.id).sort()).toEqual(made.slice(3).map((m) => m.id).sort());
      // The newest are kept and still fetched by their visitors; the oldest are gone with their files.
      const newest = made[5]!;
      expect((await visitorFetch(newest.vid, newest.id)).status).toBe(200);
      const oldest = made[0]!;
      expect(left.some((a) => a.id === oldest.id)).toBe(false);
      expect((await visitorFetch(oldest.vid, oldest.id)).status).toBe(404);
      expect(left.every((a) => onDisk(a.stored))).toBe(true);
      expect(readdirSync(join(srv.dataDir, "attachments")).length).toBeLessThanOrEqual(left.length + 20);
      // The same by bytes: room for two files of this size leaves two.
      UNSENT_UPLOADS.maxFiles = maxFiles;
      UNSENT_UPLOADS.maxBytes = unsent().reduce((n, a) => n + a.size, 0) + 2 * PNG.length;
      for (let i = 0; i < 4; i++) expect((await upload(randomVisitorId(), new Blob([PNG]), `b${i}.png`)).status).toBe(201);
      expect(unsent().reduce((n, a) => n + a.size, 0)).toBeLessThanOrEqual(UNSENT_UPLOADS.maxBytes);
    } finally {
      UNSENT_UPLOADS.maxFiles = maxFiles;
      UNSENT_UPLOADS.maxBytes = maxBytes;
      limits.ip.reset();
    }
  });

  test("a visitor who uploads too often is slowed down", async () => {
    const limits = uploadLimits(srv.app);
    const max = limits.visitor.max;
    limits.visitor.max = 2;
    try {
      const vid = randomVisitorId();
      expect((await upload(vid, new Blob([PNG]), "1.png")).status).toBe(201);
      expect((await upload(vid, new Blob([PNG]), "2.png")).status).toBe(201);
      const third = await upload(vid, new Blob([PNG]), "3.png");
      expect(third.status).toBe(429);
      expect((await third.json()).error.code).toBe("rate_limited");
    } finally {
      limits.visitor.max = max;
    }
  });
});

describe("a file in a conversation, and who may fetch it", () => {
  let vid = "";
  let attachment: Attachment;
  let conversationId = "";

  test("the visitor sends an uploaded image; the agent receives it with the message", async () => {
    vid = randomVisitorId();
    attachment = (await (await upload(vid, new Blob([PNG]), "receipt.png")).json()).attachment;
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    v.socket.send({ type: "message", clientId: "f1", text: "", attachment: { id: attachment.id } });
    const ack = await v.socket.next("ack");
    conversationId = ack.conversationId;
    const m = await ann.socket.next("message", (f) => f.conversationId === conversationId && f.from === "visitor");
    expect(m.attachment).toEqual(attachment);
    expect(m.text).toBe("");
    v.socket.close();
  });

  test("the visitor fetches it with their id; another visitor, and a wrong id, get not found", async () => {
    const mine = await visitorFetch(vid, attachment.id);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/png");
    expect(mine.headers.get("x-content-type-options")).toBe("nosniff");
    expect(mine.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
    expect((await visitorFetch(randomVisitorId(), attachment.id)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/widget/files/${attachment.id}`, { method: "POST", body: new URLSearchParams({ site: srv.siteKey }) })).status).toBe(404);
  });

  test("agents who may see the conversation fetch it; another own-scope agent and strangers may not", async () => {
    const forAnn = await annHttp.get(`/api/attachments/${attachment.id}`);
    expect(forAnn.status).toBe(200);
    expect(forAnn.headers.get("content-security-policy")).toContain("sandbox");
    expect((await ada.get(`/api/attachments/${attachment.id}`)).status).toBe(200);
    expect((await bobHttp.get(`/api/attachments/${attachment.id}`)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/attachments/${attachment.id}`)).status).toBe(401);
  });

  test("another visitor cannot send someone else's file in their own conversation", async () => {
    const other = await visitorSocket(srv.wsUrl, srv.siteKey);
    other.socket.send({ type: "message", clientId: "steal", text: "look", attachment: { id: attachment.id } });
    const err = await other.socket.next("error");
    expect(err).toMatchObject({ code: "not_found", clientId: "steal" });
    // Refused before anything was stored: no conversation was started for it.
    expect(srv.db.$client.query("select count(*) as n from messages where client_id = 'steal'").get()).toEqual({ n: 0 });
    other.socket.close();
  });

  test("the agent sends a file into the conversation; the visitor receives and fetches it", async () => {
    const body = new FormData();
    body.append("file", new File(["Order 42: 2 × tea\n"], "order.txt", { type: "text/plain" }));
    const up = await annHttp.request(`/api/conversations/${conversationId}/attachments`, { method: "POST", body, headers: { "x-csrf-token": await annHttp.csrf("/workspace") } });
    expect(up.status).toBe(201);
    const sent: Attachment = (await up.json()).attachment;
    expect(sent.type).toBe("text/plain");
    const v = await visitorSocket(srv.wsUrl, srv.siteKey, vid);
    ann.socket.send({ type: "message", clientId: "a-file", conversationId, text: "Your order", attachment: { id: sent.id } });
    const m = await v.socket.next("message", (f) => f.from === "agent");
    expect(m).toMatchObject({ text: "Your order", attachment: sent });
    const file = await visitorFetch(vid, sent.id);
    expect(file.headers.get("content-disposition")).toStartWith("attachment;");
    expect(await file.text()).toBe("Order 42: 2 × tea\n");
    // Without the CSRF token the agent's upload is refused; Bob may not upload into Ann's conversation.
    const noToken = new FormData();
    noToken.append("file", new File(["x"], "x.txt"));
    expect((await annHttp.request(`/api/conversations/${conversationId}/attachments`, { method: "POST", body: noToken })).status).toBe(403);
    const bobBody = new FormData();
    bobBody.append("file", new File(["x"], "x.txt"));
    expect((await bobHttp.request(`/api/conversations/${conversationId}/attachments`, { method: "POST", body: bobBody, headers: { "x-csrf-token": await bobHttp.csrf("/workspace") } })).status).toBe(404);
    v.socket.close();
  });

  test("a site that turned attachments off accepts no uploads", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: await ada.csrf("/admin/branding"), site: siteId, rating: "1" })) form.append(k, v);
    expect((await ada.request("/admin/branding", { method: "POST", body: form })).status).toBe(303);
    const res = await upload(randomVisitorId(), new Blob([PNG]), "a.png");
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("attachments_off");
  });
});
