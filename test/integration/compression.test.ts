// Text goes over the wire compressed when the client accepts it: the widget's loader (precompressed at
// build), its config and other JSON, pages and static files; plain when it does not. Each encoding
// has its own ETag and a conditional request with it is answered 304.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { negotiate } from "../../src/http/compress";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
const built = readFileSync(join(import.meta.dir, "../../static/build/widget.js"));

beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.stop());

/** The response as it came over the wire: no decompression by fetch. */
function raw(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(srv.url + path, { headers, decompress: false, keepalive: false } as RequestInit);
}

async function wire(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

describe("compressed responses", () => {
  test("widget.js comes as brotli or gzip when asked, the same bytes once decoded, and plain otherwise", async () => {
    const br = await raw("/widget.js", { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
    const brBytes = await wire(br);
    expect(brBytes.length).toBeLessThan(built.length / 2);
    expect(brotliDecompressSync(brBytes).equals(built)).toBe(true);

    const gz = await raw("/widget.js", { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await wire(gz)).equals(built)).toBe(true);

    const plain = await raw("/widget.js", { "accept-encoding": "identity" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await wire(plain)).equals(built)).toBe(true);
    expect(plain.headers.get("access-control-allow-origin")).toBe("*");

    // One ETag per encoding, and each revalidates to a 304.
    const tags = [br, gz, plain].map((r) => r.headers.get("etag"));
    expect(new Set(tags).size).toBe(3);
    for (const [enc, tag] of [["br", tags[0]], ["gzip", tags[1]], ["identity", tags[2]]] as const) {
      const again = await raw("/widget.js", { "accept-encoding": enc, "if-none-match": tag! });
      expect([enc, again.status]).toEqual([enc, 304]);
      expect(again.headers.get("etag")).toBe(tag);
    }
    // A tag of another encoding is not a match: the client gets the bytes it can read.
    const mixed = await raw("/widget.js", { "accept-encoding": "gzip", "if-none-match": tags[0]! });
    expect(mixed.status).toBe(200);
    expect(gunzipSync(await wire(mixed)).equals(built)).toBe(true);
  });

  test("the widget's config comes compressed when asked, keeps its own ETags and 304s, and varies by language too", async () => {
    const path = `/api/widget/config?site=${srv.siteKey}&lang=en`;
    const plain = await raw(path, {});
    expect(plain.headers.get("content-encoding")).toBeNull();
    const json = await wire(plain);
    expect(typeof JSON.parse(json.toString())).toBe("object");

    const gz = await raw(path, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary")).toContain("Accept-Language");
    expect(gz.headers.get("vary")).toContain("Accept-Encoding");
    const gzBytes = await wire(gz);
    expect(gzBytes.length).toBeLessThan(json.length);
    expect(gunzipSync(gzBytes).equals(json)).toBe(true);
    expect(gz.headers.get("etag")).not.toBe(plain.headers.get("etag"));

    const br = await raw(path, { "accept-encoding": "br" });
    expect(brotliDecompressSync(await wire(br)).equals(json)).toBe(true);

    expect((await raw(path, { "accept-encoding": "gzip", "if-none-match": gz.headers.get("etag")! })).status).toBe(304);
    expect((await raw(path, { "if-none-match": plain.headers.get("etag")! })).status).toBe(304);
  });

  test("pages and static files are compressed too; small answers are not", async () => {
    const c = new HttpClient(srv.url);
    await c.login(srv.admin.email, srv.admin.password);
    const page = await c.request("/admin/embed", { headers: { "accept-encoding": "br" }, decompress: false } as RequestInit);
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(await wire(page)).toString()).toContain(srv.siteKey);
    const css = await raw("/static/css/app.css", { "accept-encoding": "gzip" });
    expect(css.status).toBe(200);
    expect(css.headers.get("content-encoding")).toBe("gzip");
    expect((await raw("/static/css/app.css", { "accept-encoding": "gzip", "if-none-match": css.headers.get("etag")! })).status).toBe(304);
    const htmx = await raw("/static/vendor/htmx.min.js", { "accept-encoding": "br" });
    expect(htmx.headers.get("content-encoding")).toBe("br");
    const health = await raw("/healthz", { "accept-encoding": "br" });
    expect(health.headers.get("content-encoding")).toBeNull();
    expect((await health.json()).status).toBe("ok");
  });

  test("static paths cannot leave static/", async () => {
    for (const path of ["/static/../package.json", "/static/%2e%2e/package.json", "/static/build/%2E%2E%2F%2E%2E%2Fpackage.json", "/static/.hidden"]) {
      expect([path, (await raw(path, {})).status]).toEqual([path, 404]);
    }
  });

  test("Accept-Encoding is read with its q-values", () => {
    expect(negotiate("gzip, deflate, br")).toBe("br");
    expect(negotiate("br;q=0, gzip")).toBe("gzip");
    expect(negotiate("identity")).toBeNull();
    expect(negotiate("*")).toBe("br");
    expect(negotiate("*;q=0")).toBeNull();
    expect(negotiate(null)).toBeNull();
  });
});
