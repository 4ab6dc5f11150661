// The workspace by keyboard: j / k move through the conversation list, r goes to the reply box,
// / goes there with the quick replies' "/", t opens the transfer dialog, e asks to end the chat,
// ? shows the shortcuts' help and Escape closes it; nothing fires while typing in a field.
import { expect, test } from "bun:test";
import { signIn, goOnline } from "../helpers/browser";
import { visitorSocket } from "../helpers/sockets";
import { serverAndBrowser } from "../helpers/suite";

const env = serverAndBrowser();

test("keyboard shortcuts drive the workspace, and stay quiet while typing", async () => {
  const context = await env.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, env.server.url, env.server.agent.email, env.server.agent.password);
  await page.locator("#workspace-root[data-ready=true]").waitFor();
  await goOnline(page);
  const visitors = [];
  for (const text of ["first visitor", "second visitor"]) {
    const v = await visitorSocket(env.server.wsUrl, env.server.siteKey);
    v.socket.send({ type: "message", clientId: text, text });
    await v.socket.next("ack");
    visitors.push(v);
  }
  await page.getByTestId("conversation-item").nth(1).waitFor();
  const ids = await page.getByTestId("conversation-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-conversation-id")));
  const openId = () => page.getByTestId("transcript").getAttribute("data-conversation-id");
  await page.locator("body").click({ position: { x: 640, y: 400 } });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // j / k: next and previous in the list's order; opened by a key, the focus stays out of the reply box.
  const opened = (id: string | null) => page.waitForFunction((x) => document.querySelector("[data-testid=transcript]")?.getAttribute("data-conversation-id") === x, id);
  await page.keyboard.press("j");
  await opened(ids[0]!);
  await page.keyboard.press("j");
  await opened(ids[1]!);
  await page.keyboard.press("k");
  await opened(ids[0]!);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null)).not.toBe("reply-input");
  // A click opens with the reply box focused: typing there does not move on; Escape leaves it.
  await page.getByTestId("conversation-item").nth(1).click();
  await opened(ids[1]!);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "reply-input");
  await page.keyboard.type("just j");
  expect(await openId()).toBe(ids[1]);
  expect(await page.getByTestId("reply-input").inputValue()).toBe("just j");
  await page.getByTestId("reply-input").fill("");
  await page.keyboard.press("Escape");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null)).not.toBe("reply-input");
  await page.keyboard.press("k");
  await opened(ids[0]!);

  // r: the reply box.
  await page.keyboard.press("r");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("reply-input");
  // The key itself is not typed.
  expect(await page.getByTestId("reply-input").inputValue()).toBe("");
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // /: the reply box, starting the quick replies' "/".
  await page.keyboard.press("/");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("reply-input");
  expect(await page.getByTestId("reply-input").inputValue()).toBe("/");
  await page.getByTestId("reply-input").fill("");
  await page.keyboard.press("Escape");
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // ?: the help, which lists every shortcut; Escape closes it.
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcut-help");
  await help.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "shortcut-help");
  expect(await help.locator("kbd").allTextContents()).toEqual(["j", "k", "r", "/", "e", "t", "Esc", "?"]);
  // Tab stays inside the help (its Close button).
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=shortcut-help]"))).toBe(true);
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });

  // t: the transfer dialog (Escape closes it); e: "end this chat?" with the answer focused.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("t");
  await page.getByTestId("transfer-dialog").waitFor();
  // While the dialog is open, j does not change the conversation.
  await page.keyboard.press("j");
  expect(await openId()).toBe(ids[0]);
  await page.keyboard.press("Escape");
  await page.getByTestId("transfer-dialog").waitFor({ state: "detached" });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("e");
  await page.getByTestId("close-confirm").waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "confirm-close");
  await page.keyboard.press("Enter");
  await page.getByTestId("conversation-closed").waitFor();
  for (const v of visitors) v.socket.close();
  await context.close();
}, 30_000);
