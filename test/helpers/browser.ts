// Debian's Chromium driven by playwright-core (no downloaded browser), and a customer's website
// on another origin that embeds the widget snippet.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const ARTIFACTS = join(import.meta.dir, "../../test-artifacts");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** A page on another origin (localhost vs the server's 127.0.0.1) with the embed snippet before </body>. */
export function customerSite(snippet: () => string) {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () =>
      new Response(
        `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Acme 商城</title></head>
<body><h1>Acme 商城</h1><p>Welcome to our shop.</p>${snippet()}</body></html>`,
        { headers: { "content-type": "text/html; charset=utf-8" } },
      ),
  });
  return { url: `http://localhost:${server.port}/products/42`, stop: () => server.stop(true) };
}
