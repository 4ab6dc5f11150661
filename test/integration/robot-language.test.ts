// The robot in the visitor's language (issue 12 item 14, issue 19) and small talk, over real
// sockets: an English visitor is greeted with the English questions and a Chinese one with the
// Chinese ones; hello, thanks and ok get a short friendly reply (the admin's own when written),
// never an entry, and are neither answered nor unanswered questions.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { robotService } from "../../src/robot/service";
import { saveRobotSettings } from "../../src/robot/settings";
import { setSiteRobot } from "../../src/robot/switch";
import { visitorSocket } from "../helpers/sockets";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;

const KB = [
  { key: "ship-fee", question: "运费怎么算？", answer: "满 88 元包邮。", keywords: ["运费", "包邮"] },
  { key: "invoice", question: "能开发票吗？", answer: "可以开电子发票。", keywords: ["发票"] },
  { key: "en-shipping", question: "How much is shipping?", answer: "Free over ¥88.", keywords: ["shipping", "delivery"] },
  { key: "en-invoice", question: "Can I get an invoice?", answer: "Yes, an e-invoice.", keywords: ["invoice"] },
];

beforeEach(async () => {
  srv = await startServer();
  const siteId = (srv.db.$client.query("select id from sites where key = ?").get(srv.siteKey) as { id: string }).id;
  expect(robotService(srv.db).importFile(srv.enterpriseId, JSON.stringify(KB), "json").rejected).toEqual([]);
  setSiteRobot(srv.db, srv.enterpriseId, siteId, true);
});
afterEach(() => srv?.stop());

const visitor = (lang: string) => visitorSocket(srv.wsUrl, srv.siteKey, { lang, page: { url: "https://shop.example/", title: "Shop", referrer: "" } });

test("the greeting offers the questions in the visitor's language", async () => {
  const en = await visitor("en");
  expect(en.welcome.robotGreeting!.robot.questions.map((q) => q.key)).toEqual(["en-shipping", "en-invoice"]);
  const zh = await visitor("zh-CN");
  expect(zh.welcome.robotGreeting!.robot.questions.map((q) => q.key)).toEqual(["ship-fee", "invoice"]);
});

test("small talk gets a friendly reply in its language, never an entry, and is not an unanswered question", async () => {
  const v = await visitor("zh-CN");
  v.socket.send({ type: "message", clientId: "c1", text: "你好" });
  const hello = await v.socket.next("message", (m) => m.from === "robot" && m.seq === 3);
  expect(hello.text).toBe("您好！请问有什么可以帮您？可以直接提问，也可以点下面的问题。");
  expect(hello.robot).toMatchObject({ kind: "greeting", human: true });
  expect(hello.robot!.questions.map((q) => q.key)).toEqual(["ship-fee", "invoice"]);
  v.socket.send({ type: "message", clientId: "c2", text: "好的谢谢" });
  const thanks = await v.socket.next("message", (m) => m.from === "robot" && m.seq === 5);
  expect(thanks.text).toBe("不客气！还有其他问题随时问我。");
  expect(thanks.robot).toMatchObject({ kind: "answer", questions: [], human: true });
  expect(thanks.robot!.key).toBeUndefined();
  v.socket.send({ type: "message", clientId: "c3", text: "thanks!" });
  expect((await v.socket.next("message", (m) => m.from === "robot" && m.seq === 7)).text).toBe("You're welcome! Anything else, just ask.");
  // The admin's own words, in the language they were written for.
  saveRobotSettings(srv.db, srv.enterpriseId, { smallTalk: { zh: { goodbye: "再见～欢迎常来逛逛" } } });
  v.socket.send({ type: "message", clientId: "c4", text: "晚安" });
  expect((await v.socket.next("message", (m) => m.from === "robot" && m.seq === 9)).text).toBe("再见～欢迎常来逛逛");
  const robot = robotService(srv.db);
  expect(robot.unanswered(srv.enterpriseId)).toEqual([]);
  expect(srv.db.$client.query("select answers, unanswered from robot_outcomes").all()).toEqual([]);
});
