// Routing's queue and a conversation's end and transfer in real browsers: two agents with a cap of
// one chat each and three visitors on the customer's page. The third visitor waits and sees their
// place in line; an agent ends a chat (confirmed inline) and the waiting visitor is served at once;
// the ended visitor's next message starts a new conversation; an agent transfers a chat to the other
// agent with a note that only agents see.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { artifactPath, customerSite, launchChromium, signIn } from "../helpers/browser";
import { runCli, serveProcess, type ServeProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const dataDir = tempDir();
let server: ServeProcess;
let site: ReturnType<typeof customerSite>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const agentIds: Record<"ann" | "bob", string> = { ann: "", bob: "" };

beforeAll(async () => {
  const init = await runCli(["init", "--company", "Acme 商城", "--email", "boss@acme.example", "--password", "boss-pass-1", "--data", dataDir]);
  const siteKey = JSON.parse(init.stdout).siteKey;
  for (const name of ["ann", "bob"] as const) {
    const added = await runCli(["agent", "add", "--email", `${name}@acme.example`, "--password", `${name}-pass-1`, "--name", name === "ann" ? "Ann" : "Bob", "--cap", "1", "--data", dataDir]);
    agentIds[name] = JSON.parse(added.stdout).id;
  }
  server = await serveProcess(dataDir);
  site = customerSite(() => `<script src="${server.url}/widget.js" data-site="${siteKey}" async></script>`);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  site?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 800 } });
  contexts.push(context);
  return context.newPage();
}

async function onlineAgent(name: "ann" | "bob"): Promise<Page> {
  const page = await newPage("en-US");
  await signIn(page, server.url, `${name}@acme.example`, `${name}-pass-1`);
  await page.locator("[data-testid=connection-state][data-state=connected]").waitFor();
  await page.getByTestId("status-toggle").click();
  await page.locator("[data-testid=status-toggle][data-status=online]").waitFor();
  return page;
}

async function visitorSays(text: string): Promise<Page> {
  const page = await newPage("en-US");
  await page.goto(site.url);
  await page.getByTestId("launcher").click();
  await page.getByTestId("message-input").fill(text);
  await page.getByTestId("send-button").click();
  // Stored: "sent" while it waits for an agent, "delivered" (or "read") once one has the chat.
  await page.locator("[data-testid=message][data-from=visitor]:not([data-status=pending])").filter({ hasText: text }).waitFor();
  return page;
}

/** The agent's own (not waiting) conversation in their list, opened. */
async function openMine(agent: Page, hasText?: string): Promise<void> {
  const item = agent.locator("[data-testid=conversation-item][data-waiting=false]").filter(hasText ? { hasText } : {});
  await item.first().click();
  await agent.locator("[data-testid=transcript][data-conversation-id]").waitFor();
}

test("the third visitor waits in line, is served when a chat ends, and a chat is transferred with a note", async () => {
  const ann = await onlineAgent("ann");
  const bob = await onlineAgent("bob");

  const first = await visitorSays("first visitor here");
  const second = await visitorSays("second visitor here");
  // Each agent got one (least busy first); both are full now.
  await ann.locator("[data-testid=conversation-item][data-waiting=false]").waitFor();
  await bob.locator("[data-testid=conversation-item][data-waiting=false]").waitFor();

  const third = await visitorSays("third visitor here");
  const place = third.getByTestId("queue-position");
  await place.waitFor();
  expect(await place.getAttribute("data-position")).toBe("1");
  expect(await place.textContent()).toMatch(/number 1 in line/);
  // Nobody has the waiting chat: its message is stored, not delivered; the served ones are.
  const thirdsMessage = third.locator("[data-testid=message][data-from=visitor]").filter({ hasText: "third visitor here" });
  expect(await thirdsMessage.getAttribute("data-status")).toBe("sent");
  expect(await first.locator("[data-testid=message][data-from=visitor]").getAttribute("data-status")).toMatch(/^(delivered|read)$/);
  // Agents see it waiting, first in line.
  const waitingTag = ann.locator("[data-testid=conversation-item][data-waiting=true] [data-testid=waiting-tag]");
  await waitingTag.waitFor();
  expect(await waitingTag.getAttribute("data-position")).toBe("1");
  await third.screenshot({ path: artifactPath("queue-visitor-waiting.png") });

  // Ann ends her chat: the button asks first, inline.
  await openMine(ann);
  const annVisitorText = (await ann.getByTestId("transcript").textContent()) ?? "";
  const [ended, kept] = annVisitorText.includes("first visitor") ? [first, second] : [second, first];
  await ann.getByTestId("close-conversation").click();
  await ann.getByTestId("close-confirm").waitFor();
  await ann.screenshot({ path: artifactPath("queue-agent-confirm-close.png") });
  await ann.getByTestId("confirm-close").click();
  await ann.getByTestId("conversation-closed").waitFor();
  expect(await ann.getByTestId("reply-input").isDisabled()).toBe(true);

  // The ended visitor is told; the waiting one is served by Ann at once.
  await ended.locator("[data-testid=note][data-note=conversation_ended]").waitFor();
  await ended.locator("[data-testid=message][data-from=system]").first().waitFor();
  await third.locator("[data-testid=note][data-note=agent_joined]").filter({ hasText: "Ann" }).waitFor();
  await third.getByTestId("queue-position").waitFor({ state: "detached" });
  await third.locator("[data-testid=message][data-from=visitor][data-status=delivered]").filter({ hasText: "third visitor here" }).waitFor();
  await ann.locator("[data-testid=conversation-item][data-waiting=false]").filter({ hasText: "third visitor" }).waitFor();
  // The closed one drops off Ann's list after a moment (once she looks at another).
  await openMine(ann, "third visitor");
  await ann.locator("[data-testid=conversation-item] [data-testid=closed-tag]").waitFor({ state: "detached", timeout: 15_000 });

  // Bob transfers his chat to Ann with a note.
  await openMine(bob);
  const movedId = await bob.getByTestId("transcript").getAttribute("data-conversation-id");
  await bob.getByTestId("transfer").click();
  const dialog = bob.getByTestId("transfer-dialog");
  await dialog.waitFor();
  expect(await dialog.getAttribute("role")).toBe("dialog");
  const annOption = bob.locator(`[data-testid=transfer-agent][data-agent-id="${agentIds.ann}"]`);
  await annOption.waitFor();
  expect(await annOption.textContent()).toContain("1/1");
  // Escape closes it and gives focus back; it opens again.
  await bob.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  // Focus comes back in the render after the dialog goes: wait for it (it fails if it never does).
  await bob.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "transfer", null, { timeout: 3000 });
  await bob.getByTestId("transfer").click();
  await annOption.locator("input").check();
  await bob.getByTestId("transfer-note").fill("Wants a refund for order 42 — already checked the receipt");
  await bob.screenshot({ path: artifactPath("queue-transfer-dialog.png") });
  await bob.getByTestId("transfer-send").click();
  await dialog.waitFor({ state: "detached" });

  // Ann has it, with the note marked as agents-only; the visitor sees who took over, never the note.
  await ann.locator(`[data-testid=conversation-item][data-conversation-id="${movedId}"]`).click();
  await ann.locator("[data-testid=transcript-message][data-from=visitor]").filter({ hasText: kept === first ? "first visitor" : "second visitor" }).waitFor();
  const note = ann.locator("[data-testid=transcript-message][data-internal=true]");
  await note.waitFor();
  expect(await note.textContent()).toContain("Wants a refund for order 42");
  expect(await note.textContent()).toMatch(/only agents/);
  await ann.locator("[data-testid=transcript-message][data-from=system]").filter({ hasText: "Ann" }).waitFor();
  expect(await ann.getByTestId("reply-input").isDisabled()).toBe(false);
  await ann.screenshot({ path: artifactPath("queue-agent-transferred.png") });
  await kept.locator("[data-testid=message][data-from=system]").filter({ hasText: "Ann" }).waitFor();
  expect(await kept.locator("[data-testid=chat-window]").textContent()).not.toContain("Wants a refund");

  // The ended visitor writes again: a new conversation, served by Bob, who has room now.
  await ended.getByTestId("message-input").fill("one more question");
  await ended.getByTestId("send-button").click();
  await bob.locator("[data-testid=conversation-item]").filter({ hasText: "one more question" }).waitFor();
  await ended.locator("[data-testid=note][data-note=agent_joined]").filter({ hasText: "Bob" }).waitFor();
  await ended.screenshot({ path: artifactPath("queue-visitor-new-conversation.png") });
}, 90_000);
