// Reports (docs/reports.md) on a real server: a seeded history of domain events (the same events
// the chat core emits, at chosen times) gives figures checked against values computed by hand —
// first response median and p90, resolution, missed and abandoned, the robot's rates, ratings —
// with filters, the CSV of every table equal to its table, both languages; and a real chat over
// sockets lands in the figures.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { addUser } from "../../src/accounts/users";
import { transaction } from "../../src/db/transaction";
import { events } from "../../src/events/hub";
import type { DomainEvents, EventType } from "../../src/events/types";
import { createLead } from "../../src/leads/leads";
import { OnlineSampler } from "../../src/reports/online";
import { createGroup, setGroupMembers } from "../../src/routing/groups";
import { createSite } from "../../src/sites/sites";
import { HttpClient } from "../helpers/http";
import { PASSWORD, startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ada: HttpClient;
let ann = "";
let bob = "";
let siteA = "";
let siteB = "";
let group = "";

const D1 = "2026-11-02";
const D2 = "2026-11-03";
const at = (day: string, hms: string) => Date.parse(`${day}T${hms}Z`);
const S = 1000;

function emit<K extends EventType>(type: K, data: DomainEvents[K]) {
  transaction(srv.db, () => events(srv.db).emit(type, srv.enterpriseId, data));
}

/** One conversation's life as the chat core would tell it. */
function conversation(id: string, o: { site?: string; start: number; robot?: boolean; agent?: string; answerAfterS?: number; closeAfterS: number; reason?: "agent" | "idle" | "visitor_left"; robotAtClose?: boolean; rating?: [number, string | null] }) {
  const ref = { conversationId: id, siteId: o.site ?? siteA, visitorId: `v_${id}` };
  emit("conversation.created", { ...ref, agentId: null, groupId: null, servedByRobot: !!o.robot, at: o.start });
  if (o.agent) emit("conversation.assigned", { ...ref, agentId: o.agent, previousAgentId: null, at: o.start + 1 });
  if (o.agent && o.answerAfterS !== undefined)
    emit("message.created", { ...ref, messageId: 1, seq: 2, sender: "agent", authorId: o.agent, authorName: "x", text: "hello", internal: false, attachment: null, at: o.start + o.answerAfterS * S });
  emit("conversation.closed", { ...ref, agentId: o.agent ?? null, reason: o.reason ?? "agent", servedByRobot: !!o.robotAtClose, createdAt: o.start, at: o.start + o.closeAfterS * S });
  if (o.rating) emit("rating.created", { ...ref, agentId: o.agent ?? null, score: o.rating[0], comment: o.rating[1], at: o.start + (o.closeAfterS + 60) * S });
}

beforeAll(async () => {
  srv = await startServer();
  ann = srv.agent.id;
  bob = (await addUser(srv.db, srv.enterpriseId, { email: "bob@example.com", password: PASSWORD, name: "Bob Agent" })).id;
  siteA = (srv.db.$client.query("select id from sites limit 1").get() as { id: string }).id;
  siteB = createSite(srv.db, srv.enterpriseId, "Shop B").id;
  group = createGroup(srv.db, srv.enterpriseId, "Bobs").id;
  setGroupMembers(srv.db, srv.enterpriseId, group, [bob]);

  conversation("c1", { start: at(D1, "09:00:00"), agent: ann, answerAfterS: 10, closeAfterS: 600, rating: [5, "great"] });
  conversation("c2", { start: at(D1, "09:30:00"), agent: ann, answerAfterS: 20, closeAfterS: 1200, rating: [3, 'fast, "friendly"'] });
  conversation("c3", { start: at(D1, "10:00:00"), agent: bob, answerAfterS: 45, closeAfterS: 300, rating: [4, null] });
  conversation("c4", { site: siteB, start: at(D1, "10:15:00"), agent: bob, answerAfterS: 90, closeAfterS: 3600 });
  conversation("c5", { start: at(D1, "11:00:00"), closeAfterS: 400, reason: "visitor_left" }); // left the queue
  conversation("c6", { start: at(D1, "11:05:00"), agent: ann, closeAfterS: 1800, reason: "idle" }); // assigned, never answered
  conversation("c7", { start: at(D2, "14:00:00"), robot: true, robotAtClose: true, closeAfterS: 120 });
  conversation("c8", { start: at(D2, "14:10:00"), robot: true, agent: ann, answerAfterS: 5, closeAfterS: 100 });
  conversation("c9", { start: at(D2, "14:20:00"), robot: true, robotAtClose: true, closeAfterS: 60, reason: "visitor_left" });
  conversation("c10", { start: at(D2, "15:00:00"), agent: bob, answerAfterS: 300, closeAfterS: 900 });
  // A second agent message and an internal note change nothing.
  emit("message.created", { conversationId: "c1", siteId: siteA, visitorId: "v_c1", messageId: 9, seq: 9, sender: "agent", authorId: ann, authorName: "x", text: "more", internal: false, attachment: null, at: at(D1, "09:05:00") });
  for (const [day, site] of [[D1, siteA], [D1, siteA], [D2, siteB]] as const) createLead(srv.db, srv.enterpriseId, { siteId: site, visitorId: null, fields: [], pageUrl: "", lang: "en" }, at(day, "12:00:00"));
  // Ann was online for two minutes on D2.
  const sampler = new OnlineSampler(srv.db, { availableAgents: () => [ann] }, () => at(D2, "08:00:00"));
  sampler.tick(at(D2, "08:01:00"));
  sampler.tick(at(D2, "08:02:00"));

  ada = new HttpClient(srv.url);
  await ada.login(srv.admin.email, srv.admin.password);
});

afterAll(() => srv.stop());

const decode = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();

/** A table of the page as cells: its header row, then its rows. */
function tableOf(html: string, name: string): string[][] {
  const section = new RegExp(`data-testid="report-table-${name}">([\\s\\S]*?)</section>`).exec(html)?.[1];
  if (!section) throw new Error(`no table ${name}`);
  return [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!)));
}

/** RFC 4180, enough for our own export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r") continue;
    else if (ch === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += ch;
  }
  return rows;
}

const summary = (html: string) => Object.fromEntries(tableOf(html, "summary").slice(1).map(([k, v]) => [k!, v!]));

async function reportPage(query: string, lang = "en") {
  const res = await ada.get(`/reports?${query}&lang=${lang}`);
  expect(res.status).toBe(200);
  return res.text();
}

test("figures over the seeded history equal the ones computed by hand", async () => {
  const html = await reportPage(`from=${D1}&to=${D2}`);
  expect(html.match(/data-testid="report-chart"/g)!.length).toBeGreaterThanOrEqual(6);
  expect(html).toContain("<svg");
  expect(summary(html)).toEqual({
    Conversations: "10",
    Answered: "6",
    Missed: "2", // c5 (nobody took it) and c6 (assigned, never answered); the robot's resolved ones are not missed
    "Abandoned (left the queue)": "1", // c5
    Leads: "3",
    // first responses 5, 10, 20, 45, 90, 300 s: average 470/6 = 78.3 s; median the 3rd = 20 s; p90 the 6th = 300 s
    "First response, average": "1 min 18 s",
    "First response, median": "≤ 20 s",
    "First response, 90th percentile": "≤ 5 min",
    // resolutions 100, 300, 600, 900, 1200, 3600 s: average 1116.7 s; median the 3rd = 600 s; p90 the 6th = 3600 s
    "Resolution time, average": "18 min 37 s",
    "Resolution time, median": "≤ 10 min",
    "Resolution time, 90th percentile": "≤ 1 h",
    Ratings: "3",
    "Average rating": "4.00",
    "Robot conversations": "3",
    "Robot resolution rate": "66.7%", // c7, c9 of 3
    "Robot hand-off rate": "33.3%", // c8
  });
  expect(tableOf(html, "days").slice(1)).toEqual([
    [D1, "6", "4", "2", "1", "2"],
    [D2, "4", "2", "0", "0", "1"],
  ]);
  expect(tableOf(html, "ratings").slice(1)).toEqual([["5 ★", "1"], ["4 ★", "1"], ["3 ★", "1"], ["2 ★", "0"], ["1 ★", "0"]]);
  // Monday D1: 09h 2, 10h 2, 11h 2; Tuesday D2: 14h 3, 15h 1.
  const hours = tableOf(html, "hours");
  const mon = hours.find((r) => r[0] === "Mon")!;
  const tue = hours.find((r) => r[0] === "Tue")!;
  expect([mon[1 + 9], mon[1 + 10], mon[1 + 11], tue[1 + 14], tue[1 + 15]]).toEqual(["2", "2", "2", "3", "1"]);
  expect(hours.slice(1).flatMap((r) => r.slice(1)).reduce((a, b) => a + Number(b), 0)).toBe(10);
  const agents = Object.fromEntries(tableOf(html, "agents").slice(1).map((r) => [r[0]!, r.slice(1)]));
  // Ann: c1, c2, c6, c8 (3 answered: 10, 20, 5 s), online 2 min, ratings 5 and 3. Bob: c3, c4, c10 (45, 90, 300 s), rating 4.
  expect(agents["Ann Agent"]).toEqual(["4", "3", "1", "2 min", "12 s", "≤ 10 s", "2", "4.00"]);
  expect(agents["Bob Agent"]).toEqual(["3", "3", "0", "0 s", "2 min 25 s", "≤ 1 min 30 s", "1", "4.00"]);
  expect(tableOf(html, "comments").slice(1).map((r) => r.slice(1))).toEqual([["3", 'fast, "friendly"'], ["5", "great"]]);
});

test("filters: a site, an agent, a group, a range", async () => {
  const siteOnly = summary(await reportPage(`from=${D1}&to=${D2}&site=${siteB}`));
  expect([siteOnly.Conversations, siteOnly.Leads, siteOnly["First response, median"]]).toEqual(["1", "1", "≤ 1 min 30 s"]);
  const bobOnly = summary(await reportPage(`from=${D1}&to=${D2}&agent=${bob}`));
  // 45, 90, 300 s: median the 2nd = 90 s, p90 the 3rd = 300 s. Leads belong to no agent.
  expect([bobOnly.Conversations, bobOnly.Missed, bobOnly.Leads, bobOnly["First response, median"], bobOnly["First response, 90th percentile"]]).toEqual(["3", "0", "0", "≤ 1 min 30 s", "≤ 5 min"]);
  expect(summary(await reportPage(`from=${D1}&to=${D2}&group=${group}`))).toEqual(bobOnly);
  const d2 = summary(await reportPage(`from=${D2}&to=${D2}`));
  expect([d2.Conversations, d2["Robot conversations"], d2["Robot resolution rate"], d2.Missed]).toEqual(["4", "3", "66.7%", "0"]);
  const empty = summary(await reportPage("from=2025-01-01&to=2025-01-31"));
  expect([empty.Conversations, empty["First response, median"], empty["Robot resolution rate"]]).toEqual(["0", "—", "—"]);
  // A bad range is refused with a message, not a crash.
  const bad = await ada.get(`/reports?from=${D2}&to=${D1}&lang=en`);
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain("Choose a range of days");
  expect((await ada.get("/reports?from=2026-02-30&lang=en")).status).toBe(400);
});

test("every table's CSV holds exactly the table's cells, in both languages", async () => {
  for (const lang of ["en", "zh-CN"]) {
    const query = `from=${D1}&to=${D2}`;
    const html = await reportPage(query, lang);
    for (const name of ["summary", "days", "hours", "times", "ratings", "agents", "comments"]) {
      const res = await ada.get(`/reports/export.csv?table=${name}&${query}&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect({ lang, name, csv: parseCsv(await res.text()) }).toEqual({ lang, name, csv: tableOf(html, name) });
    }
  }
  expect((await ada.get(`/reports/export.csv?table=nope&from=${D1}&to=${D2}`)).status).toBe(400);
});

test("the Chinese page reads in Chinese, with the same figures", async () => {
  const zh = summary(await reportPage(`from=${D1}&to=${D2}`, "zh-CN"));
  expect(zh["会话数"]).toBe("10");
  expect(zh["首次响应中位数"]).toBe("≤ 20 秒");
  expect(zh["首次响应 P90"]).toBe("≤ 5 分钟");
  expect(zh["放弃排队"]).toBe("1");
  expect(zh["机器人解决率"]).toBe("66.7%");
  const html = await reportPage(`from=${D1}&to=${D2}`, "zh-CN");
  expect(html).toContain("每日会话、未接会话与线索");
});

test("who may read reports: agents without the module are refused", async () => {
  const annClient = new HttpClient(srv.url);
  await annClient.login(srv.agent.email, srv.agent.password);
  expect((await annClient.get("/reports")).status).toBe(403);
  expect((await annClient.get(`/reports/export.csv?table=days`)).status).toBe(403);
});

test("a real chat over sockets lands in today's figures once it closes", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const before = summary(await reportPage(`from=${today}&to=${today}`));
  const annClient = new HttpClient(srv.url);
  await annClient.login(srv.agent.email, srv.agent.password);
  const { socket: agent } = await agentSocket(srv.wsUrl, annClient.session!);
  const { socket: visitor } = await visitorSocket(srv.wsUrl, srv.siteKey);
  visitor.send({ type: "message", clientId: "r1", text: "is my order shipped?" });
  const ack = await visitor.next("ack");
  agent.send({ type: "message", conversationId: ack.conversationId, clientId: "r2", text: "yes, today" });
  await agent.next("ack");
  // Not counted while open.
  expect(summary(await reportPage(`from=${today}&to=${today}`)).Conversations).toBe(before.Conversations);
  agent.send({ type: "close", conversationId: ack.conversationId });
  await visitor.next("closed");
  const after = summary(await reportPage(`from=${today}&to=${today}`));
  expect(Number(after.Conversations)).toBe(Number(before.Conversations) + 1);
  expect(Number(after.Answered)).toBe(Number(before.Answered) + 1);
  expect(after["First response, median"]).toMatch(/^≤ /);
  agent.close();
  visitor.close();
});
