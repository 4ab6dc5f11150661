// The robot (F8) in a real Chromium against `parley serve`: the shop's knowledge base imported with
// `parley kb import`, the robot switched on for the site in Admin → Robot, then a visitor on the
// customer's page (another origin) is greeted with the most asked questions, picks one and sees
// its answer (with its link) and related questions, types a question in Chinese and gets the
// answer, types one the robot does not know and gets suggestions, and hands over to a person, who
// receives the whole transcript in the workspace. With nobody online the robot keeps answering and
// the message form is one click away.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { artifactPath, installWithCustomerSite, signIn, goOnline } from "../helpers/browser";
import { runCli } from "../helpers/process";

const KB = join(import.meta.dir, "../robot/fixtures/shop-kb.json");

let install: Awaited<ReturnType<typeof installWithCustomerSite>>;

beforeAll(async () => {
  install = await installWithCustomerSite();
  const imported = await runCli(["kb", "import", KB, "--data", install.dataDir]);
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout).created).toBeGreaterThan(40);
  // The admin switches the robot on for the site.
  const page = await (await install.browser.newContext({ locale: "zh-CN" })).newPage();
  await signIn(page, install.server.url, "boss@acme.example", "boss-pass-1");
  await page.goto(`${install.server.url}/admin/robot`);
  await page.getByTestId("robot-site-switch").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="robot-site-state"]')?.classList.contains("active"));
  await page.context().close();
}, 60_000);

afterAll(() => install?.close());

async function openChat(locale = "zh-CN"): Promise<Page> {
  const context = await install.browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const visitor = await context.newPage();
  await visitor.goto(install.site.url);
  await visitor.getByTestId("launcher").click();
  await visitor.getByTestId("chat-window").waitFor();
  return visitor;
}

/** The robot's bubbles, in order. */
const robotBubbles = (page: Page) => page.locator('[data-testid="message"][data-from="robot"]');

/** Types a message as a visitor does and sends it with Enter. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId("message-input").click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

test("with nobody online the robot answers, and asking for a person offers the message form", async () => {
  const visitor = await openChat();
  // The robot's chat, not the message form (which is what a visitor gets without the robot).
  await robotBubbles(visitor).first().waitFor();
  expect(await visitor.getByTestId("leave-message-form").count()).toBe(0);
  await type(visitor, "退款多久到账");
  await robotBubbles(visitor).filter({ hasText: "1 到 3 个工作日" }).waitFor();

  await visitor.getByTestId("to-human").click();
  await robotBubbles(visitor).filter({ hasText: "没有人工客服在线" }).waitFor();
  await visitor.screenshot({ path: artifactPath("robot-nobody-online.png") });
  await visitor.getByTestId("leave-message-open").click();
  await visitor.getByTestId("leave-message-form").waitFor();
  await visitor.getByTestId("leave-message-back").click();
  // Back in the robot's chat, which still answers.
  await type(visitor, "发票怎么开");
  await robotBubbles(visitor).filter({ hasText: "电子发票" }).waitFor();
  await visitor.context().close();
}, 60_000);

test("greeting, a picked question with its answer and related questions, typed questions, suggestions, and a person who gets the transcript", async () => {
  const { browser, server } = install;
  // Ann goes online in the workspace.
  const agentContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 860 } });
  const agent = await agentContext.newPage();
  await signIn(agent, server.url, "ann@acme.example", "ann-pass-1");
  await goOnline(agent);

  const visitor = await openChat();
  // The greeting with the most asked questions to pick (the earlier visitor's make theirs first).
  const greeting = robotBubbles(visitor).first();
  await expect(greeting.textContent()).resolves.toContain("智能助手");
  const questions = visitor.getByTestId("robot-question");
  await questions.first().waitFor();
  expect(await questions.count()).toBe(5);
  expect(await questions.allTextContents()).toContain("怎么查询订单状态？");
  await visitor.screenshot({ path: artifactPath("robot-greeting.png") });

  // Pick one: the question as the visitor's message, the answer (its address a safe link) and related questions.
  await questions.filter({ hasText: "怎么查询订单状态？" }).click();
  await visitor.locator('[data-testid="message"][data-from="visitor"]').filter({ hasText: "怎么查询订单状态？" }).waitFor();
  const answer = robotBubbles(visitor).filter({ hasText: "我的订单" });
  await answer.waitFor();
  const link = answer.locator("a");
  await expect(link.getAttribute("href")).resolves.toBe("https://shop.example.com/orders");
  await expect(link.getAttribute("rel")).resolves.toBe("noopener noreferrer");
  await expect(link.getAttribute("target")).resolves.toBe("_blank");
  const related = visitor.getByTestId("robot-question").filter({ hasText: "怎么查看物流信息？" });
  await related.waitFor();
  await related.click();
  await robotBubbles(visitor).filter({ hasText: "sf-express.com" }).waitFor();

  // A question typed in Chinese.
  await type(visitor, "运费怎么算呀");
  await robotBubbles(visitor).filter({ hasText: "满 99 元包邮" }).waitFor();

  // One it cannot answer on its own: its closest questions, pickable.
  await type(visitor, "快递");
  const unsure = robotBubbles(visitor).filter({ hasText: "不太确定" });
  await unsure.waitFor();
  const suggestion = visitor.getByTestId("robot-question").filter({ hasText: "你们用的是哪家快递？" });
  await suggestion.waitFor();
  // What the visitor types is text, never markup.
  await type(visitor, "<b>老板</b>是谁");
  await visitor.locator('[data-testid="message"][data-from="visitor"]').filter({ hasText: "<b>老板</b>是谁" }).waitFor();
  await robotBubbles(visitor).filter({ hasText: "暂时还不会回答" }).waitFor();
  expect(await visitor.locator('[data-testid="message"] b').count()).toBe(0);
  await visitor.screenshot({ path: artifactPath("robot-answers.png") });

  // Meanwhile the robot's conversation is not in Ann's list.
  expect(await agent.getByTestId("conversation-item").count()).toBe(0);

  // One click to a person.
  await visitor.getByTestId("to-human").click();
  await robotBubbles(visitor).filter({ hasText: "正在为您转接人工客服" }).waitFor();
  await visitor.locator('[data-note="agent_joined"]').waitFor();
  // The robot's questions and bar are gone: a person serves now.
  await visitor.getByTestId("to-human").waitFor({ state: "detached" });
  expect(await visitor.getByTestId("robot-question").count()).toBe(0);

  // Ann gets it, with the whole transcript: the robot's part labelled, in order.
  const item = agent.getByTestId("conversation-item");
  await item.waitFor();
  await item.click();
  const transcript = agent.getByTestId("transcript-message");
  await transcript.filter({ hasText: "正在为您转接人工客服" }).waitFor();
  const fromRobot = agent.locator('[data-testid="transcript-message"][data-from="robot"]');
  expect(await fromRobot.count()).toBe(7);
  await expect(fromRobot.first().textContent()).resolves.toContain("机器人");
  const visitorLines = await agent.locator('[data-testid="transcript-message"][data-from="visitor"] .ws-msg__bubble').allTextContents();
  expect(visitorLines).toEqual(["怎么查询订单状态？", "怎么查看物流信息？", "运费怎么算呀", "快递", "<b>老板</b>是谁"]);
  expect(await agent.locator('[data-testid="transcript-message"] b').count()).toBe(0);
  await agent.screenshot({ path: artifactPath("robot-handed-over-agent.png") });

  // Ann answers; the visitor sees it.
  await agent.getByTestId("reply-input").click();
  await agent.keyboard.type("您好，我是 Ann，偏远地区也能发货。");
  await agent.getByTestId("reply-send").click();
  await visitor.locator('[data-testid="message"][data-from="agent"]').filter({ hasText: "我是 Ann" }).waitFor();
  await visitor.screenshot({ path: artifactPath("robot-handed-over-visitor.png") });
  await agentContext.close();
  await visitor.context().close();
}, 90_000);
