// Long conversations are read a page at a time: the messages API, History's transcript and a
// visitor's page answer with one bounded page and a way to the earlier ones, and following it
// reaches every message exactly once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MAX_PAGE } from "../../src/history/message-pages";
import { TRANSCRIPT_PAGE } from "../../src/history/history";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { visitorSocket } from "../helpers/sockets";

const TOTAL = 3000;
let srv: TestServer;
let admin: HttpClient;
let conversationId = "";
let visitorKey = "";

beforeAll(async () => {
  srv = await startServer();
  // A real conversation from a visitor's first message, then thousands more written straight to SQLite.
  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: "m-1", text: "m1" });
  conversationId = (await v.socket.next("ack")).conversationId;
  v.socket.close();
  const sqlite = srv.db.$client;
  visitorKey = (sqlite.query("select visitor_id from conversations where id = ?").get(conversationId) as { visitor_id: string }).visitor_id;
  const insert = sqlite.query("insert into messages (enterprise_id, conversation_id, seq, client_id, sender, author_name, body, internal, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite.transaction(() => {
    for (let seq = 2; seq <= TOTAL; seq++) {
      const agent = seq % 2 === 0;
      insert.run(srv.enterpriseId, conversationId, seq, `m-${seq}`, agent ? "agent" : "visitor", agent ? "Ann Agent" : null, `m${seq}`, seq % 500 === 0 ? 1 : 0, Date.now());
    }
  })();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

/** Each of 1..TOTAL exactly once. */
function expectEveryOnce(seen: number[]) {
  expect(seen.length).toBe(TOTAL);
  expect(new Set(seen).size).toBe(TOTAL);
  expect(Math.min(...seen)).toBe(1);
  expect(Math.max(...seen)).toBe(TOTAL);
}

describe("the messages API", () => {
  test("answers the newest page with a cursor; going back reaches every message once", async () => {
    const seen: number[] = [];
    let query = "";
    let pages = 0;
    for (;;) {
      const res = await admin.get(`/api/conversations/${conversationId}/messages${query}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text.length).toBeLessThan(100_000);
      const body = JSON.parse(text);
      expect(body.messages.length).toBeLessThanOrEqual(200);
      const seqs = body.messages.map((m: any) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      if (pages === 0) expect(seqs.at(-1)).toBe(TOTAL);
      seen.push(...seqs);
      pages++;
      if (!body.next) break;
      query = `?beforeSeq=${body.next.beforeSeq}`;
    }
    expectEveryOnce(seen);
    expect(pages).toBe(Math.ceil(TOTAL / 200));
  });

  test("catching up after a seq goes forward a page at a time; a page is never larger than the maximum", async () => {
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const body = await (await admin.get(`/api/conversations/${conversationId}/messages?after=${after}&limit=100000`)).json();
      expect(body.messages.length).toBeLessThanOrEqual(MAX_PAGE);
      seen.push(...body.messages.map((m: any) => m.seq));
      if (!body.next) break;
      after = body.next.after;
    }
    expectEveryOnce(seen);
    const small = await (await admin.get(`/api/conversations/${conversationId}/messages?limit=7&beforeSeq=10`)).json();
    expect(small.messages.map((m: any) => m.seq)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(small.next).toEqual({ beforeSeq: 3 });
  });
});

/** The message numbers in a transcript's HTML ("m123" bodies) and the link to the page before, if any. */
function linesOf(html: string, earlierAttr: RegExp): { seqs: number[]; earlier: string | null } {
  const seqs = [...html.matchAll(/<p(?: class="tm-text")?>m(\d+)<\/p>/g)].map((m) => Number(m[1]));
  const earlier = earlierAttr.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
  return { seqs, earlier };
}

describe("transcript pages", () => {
  test("History shows the newest page; its earlier link loads the page before, down to the first message", async () => {
    const res = await admin.get(`/history/${conversationId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.length).toBeLessThan(200_000);
    let { seqs, earlier } = linesOf(html, /hx-get="([^"]+)"[^>]*data-testid="transcript-earlier"/);
    expect(seqs.length).toBe(TRANSCRIPT_PAGE);
    expect(seqs.at(-1)).toBe(TOTAL);
    const seen = [...seqs];
    // Without scripts, the link's href is a page of its own with the page before.
    const plainHref = /href="([^"]+)"[^>]*data-testid="transcript-earlier"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect(linesOf(await (await admin.get(plainHref)).text(), /$^/).seqs.at(-1)).toBe(TOTAL - TRANSCRIPT_PAGE);
    while (earlier) {
      const fragment = await admin.get(earlier, { "hx-request": "true" });
      expect(fragment.status).toBe(200);
      ({ seqs, earlier } = linesOf(await fragment.text(), /hx-get="([^"]+)"[^>]*data-testid="transcript-earlier"/));
      seen.push(...seqs);
    }
    expectEveryOnce(seen);
  });

  test("a visitor's page shows each conversation's newest messages; its earlier button reaches every message once", async () => {
    const res = await admin.get(`/visitors/${encodeURIComponent(visitorKey)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.length).toBeLessThan(100_000);
    expect(html).toContain(`${TOTAL} 条消息`);
    let { seqs, earlier } = linesOf(html, /hx-get="([^"]+)"[^>]*data-testid="visitor-transcript-earlier"/);
    expect(seqs.length).toBe(20);
    const seen = [...seqs];
    while (earlier) {
      const fragment = await admin.get(earlier, { "hx-request": "true" });
      expect(fragment.status).toBe(200);
      ({ seqs, earlier } = linesOf(await fragment.text(), /hx-get="([^"]+)"[^>]*data-testid="visitor-transcript-earlier"/));
      seen.push(...seqs);
    }
    expectEveryOnce(seen);
  });

  test("another enterprise's or another visitor's conversation is not found through the paging routes", async () => {
    expect((await admin.get(`/history/nope/messages?beforeSeq=10`, { "hx-request": "true" })).status).toBe(404);
    expect((await admin.get(`/visitors/someone-else/conversations/${conversationId}/messages?beforeSeq=10`, { "hx-request": "true" })).status).toBe(404);
  });
});
