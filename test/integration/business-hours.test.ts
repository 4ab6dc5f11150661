// Business hours (工作时间, issue 16 item 4) over real HTTP and sockets, on the server's steppable
// clock: an admin gives a site hours in Los Angeles time (a split weekday, a Friday period past
// midnight, a holiday and a make-up Sunday); the widget's config says open or closed and when it
// opens next; outside hours a new chat is refused with `outside_hours` (nothing queued) while an
// open conversation goes on; removing the hours makes the site always open again.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import { agentSocket, visitorSocket } from "../helpers/sockets";

let srv: TestServer;
let ada: HttpClient;
let siteId = "";

beforeAll(async () => {
  srv = await startServer();
  siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  ada = new HttpClient(srv.url);
  await ada.login(srv.admin.email, srv.admin.password);
  const ann = new HttpClient(srv.url);
  await ann.login(srv.agent.email, srv.agent.password);
  await agentSocket(srv.wsUrl, ann.session!); // Ann online: the site has an agent when open
});
afterAll(() => srv.stop());

/** Moves the server's clock forward to an instant (the tests go in time order). */
function goTo(iso: string) {
  const delta = Date.parse(iso) - srv.clock.now();
  expect(delta).toBeGreaterThan(0);
  srv.clock.advance(delta);
}

async function config(lang = "en") {
  return (await fetch(`${srv.url}/api/widget/config?site=${srv.siteKey}&lang=${lang}`)).json();
}

async function firstMessage() {
  const v = await visitorSocket(srv.wsUrl, srv.siteKey);
  v.socket.send({ type: "message", clientId: "m1", text: "有人吗" });
  const reply = await Promise.race([v.socket.next("ack"), v.socket.next("error")]);
  return { v, reply };
}

const form = {
  timeZone: "America/Los_Angeles",
  day0: "",
  day1: "09:00-12:00, 13:00-18:00",
  day2: "09:00-18:00",
  day3: "09:00-18:00",
  day4: "09:00-18:00",
  day5: "09:00-18:00, 20:00-02:00",
  day6: "",
  exceptions: "2027-01-11 closed # holiday\n2027-01-10 10:00-12:00 # 调休",
};

describe("business hours", () => {
  test("the admin's form: bad input is refused with a message; a good schedule is saved and audited", async () => {
    const csrf = await ada.csrf("/admin/hours");
    expect(await (await ada.get("/admin/hours")).text()).toContain(`/admin/hours/${siteId}`);
    const badZone = await ada.post(`/admin/hours/${siteId}`, { ...form, timeZone: "Mars/Olympus", _csrf: csrf });
    expect(badZone.status).toBe(422);
    expect(await badZone.text()).toContain("Mars/Olympus");
    const badPeriod = await ada.post(`/admin/hours/${siteId}`, { ...form, day2: "9am-5pm", _csrf: csrf });
    expect(badPeriod.status).toBe(422);
    expect(await badPeriod.text()).toContain("9am-5pm"); // the typed value stays in the form
    expect((await config()).hours).toBeUndefined(); // nothing saved yet: always open
    const ok = await ada.post(`/admin/hours/${siteId}`, { ...form, _csrf: csrf });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-testid="flash-notice"');
    expect(srv.db.$client.query("select count(*) as n from audit_log where action = 'hours.updated'").get()).toEqual({ n: 1 });
  });

  test("a weekday: open in the morning, closed at lunch and in the evening, with the next opening", async () => {
    goTo("2027-01-04T18:00:00Z"); // Monday 10:00 in Los Angeles
    let c = await config();
    expect(c.hours).toEqual({ open: true, opensAt: null, timeZone: "America/Los_Angeles" });
    expect(c.online).toBe(true);
    const morning = await firstMessage();
    expect(morning.reply.type).toBe("ack");

    goTo("2027-01-04T20:30:00Z"); // Monday 12:30: lunch between the two periods
    c = await config();
    expect(c.hours).toEqual({ open: false, opensAt: Date.parse("2027-01-04T21:00:00Z"), timeZone: "America/Los_Angeles" });
    expect(c.online).toBe(false);
    expect(c.offerLeaveMessage).toBe(true);
    // A new visitor is not queued: refused, and no conversation is made for them.
    const lunch = await firstMessage();
    expect(lunch.reply).toMatchObject({ type: "error", code: "outside_hours", clientId: "m1" });
    expect(srv.db.$client.query("select count(*) as n from conversations").get()).toEqual({ n: 1 });
    // The conversation that began in the morning goes on.
    morning.v.socket.send({ type: "message", clientId: "m2", text: "还在吗" });
    expect((await morning.v.socket.next("ack", (a) => a.clientId === "m2")).seq).toBe(2);

    goTo("2027-01-05T03:00:00Z"); // Monday 19:00: closed until Tuesday 09:00
    expect((await config()).hours.opensAt).toBe(Date.parse("2027-01-05T17:00:00Z"));
  });

  test("Friday's period runs past midnight into Saturday", async () => {
    goTo("2027-01-09T07:30:00Z"); // Friday 23:30
    expect((await config()).hours.open).toBe(true);
    goTo("2027-01-09T09:30:00Z"); // Saturday 01:30, still Friday's period
    expect((await config()).hours.open).toBe(true);
    expect((await firstMessage()).reply.type).toBe("ack");
    goTo("2027-01-09T10:30:00Z"); // Saturday 02:30: closed; Sunday the 10th is a make-up day from 10:00
    expect((await config()).hours).toMatchObject({ open: false, opensAt: Date.parse("2027-01-10T18:00:00Z") });
  });

  test("exception days: a make-up Sunday opens, a holiday Monday stays closed", async () => {
    goTo("2027-01-10T19:00:00Z"); // Sunday 11:00 (调休)
    expect((await config()).hours.open).toBe(true);
    goTo("2027-01-11T18:00:00Z"); // Monday 10:00, a holiday
    const c = await config("zh-CN");
    expect(c.hours).toMatchObject({ open: false, opensAt: Date.parse("2027-01-12T17:00:00Z") });
    // The widget's strings for saying so, in the visitor's language.
    expect(c.strings.hours_closed_until).toContain("{when}");
    expect((await firstMessage()).reply).toMatchObject({ code: "outside_hours" });
    // The admin page shows the site closed.
    expect(await (await ada.get(`/admin/hours/${siteId}`)).text()).toContain('data-open="false"');
  });

  test("removing the hours: always open again", async () => {
    const csrf = await ada.csrf(`/admin/hours/${siteId}`);
    expect((await ada.post(`/admin/hours/${siteId}/remove`, { _csrf: csrf })).status).toBe(303);
    const c = await config();
    expect(c.hours).toBeUndefined();
    expect(c.online).toBe(true);
    expect((await firstMessage()).reply.type).toBe("ack");
  });
});

describe("business hours with the robot on", () => {
  test("outside hours the robot still answers, and asking for a person gets its no_agent card, not the queue", async () => {
    const { robotService } = await import("../../src/robot/service");
    const { setSiteRobot } = await import("../../src/robot/switch");
    const { saveSchedule } = await import("../../src/hours/hours");
    const kb = (await import("../robot/fixtures/shop-kb.json")).default;
    const own = await startServer();
    try {
      const site = own.db.$client.query("select id from sites where key = ?").get(own.siteKey) as { id: string };
      expect(robotService(own.db).importFile(own.enterpriseId, JSON.stringify(kb), "json").rejected).toEqual([]);
      setSiteRobot(own.db, own.enterpriseId, site.id, true);
      // Closed every day of the week; Ann is online, so only the hours keep her from new chats.
      saveSchedule(own.db, own.enterpriseId, site.id, { timeZone: "Asia/Shanghai", weekly: [[], [], [], [], [], [], []], exceptions: [] });
      const ann = new HttpClient(own.url);
      await ann.login(own.agent.email, own.agent.password);
      const annSocket = await agentSocket(own.wsUrl, ann.session!);
      const config = await (await fetch(`${own.url}/api/widget/config?site=${own.siteKey}&lang=zh-CN`)).json();
      expect(config).toMatchObject({ robot: true, online: false, hours: { open: false, opensAt: null } });

      const v = await visitorSocket(own.wsUrl, own.siteKey);
      v.socket.send({ type: "message", clientId: "q1", text: "运费怎么算？" });
      const ack = await v.socket.next("ack");
      expect((await v.socket.next("message", (m) => m.from === "robot" && m.seq > ack.seq)).robot?.kind).toBeDefined();
      v.socket.send({ type: "handoff" });
      expect((await v.socket.next("message", (m) => m.from === "robot" && m.robot?.kind === "no_agent")).robot).toMatchObject({ kind: "no_agent", leaveMessage: true });
      const row = own.db.$client.query("select served_by_robot as robot, agent_id as agentId, queued_at as queuedAt from conversations where id = ?").get(ack.conversationId);
      expect(row).toEqual({ robot: 1, agentId: null, queuedAt: null });
      expect((await annSocket.socket.collect(200)).filter((f) => f.type === "conversation")).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
