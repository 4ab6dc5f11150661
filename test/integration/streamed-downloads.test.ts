// Exports written as they are read (src/leads/csv.ts csvStream, the ledger) stay streams on the way
// out: compression gzips a download of unknown length as it flows instead of reading it whole, and
// over a real server a customers export arrives gzipped and whole.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { gunzipSync } from "node:zlib";
import { compressed } from "../../src/http/compress";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  srv = await startServer();
  admin = new HttpClient(srv.url);
  await admin.login(srv.admin.email, srv.admin.password);
});
afterAll(() => srv.stop());

const csvDownload = (body: ReadableStream<Uint8Array>) => new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="x.csv"' } });
const asking = (acceptEncoding: string) => new Request("http://localhost/x.csv", { headers: { "accept-encoding": acceptEncoding } });
const rows = new TextEncoder().encode("id,name\r\n".repeat(2000));

describe("streamed downloads", () => {
  test("an export of unknown length is gzipped as it flows, not read whole first (one that never ends still starts)", async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls === 1) c.enqueue(rows);
        return pulls === 1 ? undefined : new Promise<void>(() => {}); // the rest never comes
      },
    });
    const res = await compressed(asking("gzip, deflate, br"), csvDownload(endless));
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(pulls).toBeLessThanOrEqual(2);
  }, 2000);

  test("it decodes to the same bytes; a client that takes no gzip gets it plain", async () => {
    const once = () => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(rows), c.close()) });
    const res = await compressed(asking("br;q=1, gzip;q=0.5"), csvDownload(once()));
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(new Uint8Array(gunzipSync(Buffer.from(await res.arrayBuffer())))).toEqual(rows);
    const plain = await compressed(asking("br"), csvDownload(once()));
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(new Uint8Array(await plain.arrayBuffer())).toEqual(rows);
  });

  test("over the server, a customers export comes gzipped, whole, with its byte-order mark", async () => {
    const res = await fetch(`${srv.url}/customers/export.csv`, { headers: { cookie: admin.cookieHeader, "accept-encoding": "gzip" }, decompress: false, keepalive: false } as RequestInit);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const bytes = new Uint8Array(gunzipSync(Buffer.from(await res.arrayBuffer())));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/\r\n$/);
  });
});
