// What most browser test files open before their tests and close after them: a server in this
// process (a fresh data directory), Chromium, and with `site` a customer's page that embeds the
// widget. The fields are set once the file's beforeAll has run.
import { afterAll, beforeAll } from "bun:test";
import type { Browser } from "playwright-core";
import { customerSite, launchChromium } from "./browser";
import { startServer, type TestServer } from "./server";

export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
  /** the customer's page with the embed snippet (only with `site`) */
  site: { url: string; stop(): void };
}

export function serverAndBrowser(opts: { site?: boolean } = {}): ServerAndBrowser {
  const env = {} as ServerAndBrowser;
  beforeAll(async () => {
    env.server = await startServer();
    if (opts.site) env.site = customerSite(() => `<script src="${env.server.url}/widget.js" data-site="${env.server.siteKey}" async></script>`);
    env.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await env.browser?.close();
    env.site?.stop();
    await env.server?.stop();
  }, 20_000);
  return env;
}
