// Request bodies are limited per route before they are read: a declared Content-Length over the
// limit is answered 413 at once (the test sends only the headers, so a server that waited for the
// body would never answer), and a chunked body is read only up to the limit.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { DEFAULT_MAX_BODY } from "../../src/http/body";
import { HttpClient } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;

beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.stop());

/** Sends a request's head (and a little of its body) over a raw socket, never the rest; resolves with the response. */
function headOnly(path: string, headers: Record<string, string>, firstBytes = "x".repeat(1024)): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = [`POST ${path} HTTP/1.1`, `host: ${hostname}:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
      socket.write(head + firstBytes);
    });
    let raw = "";
    socket.on("data", (d) => {
      raw += d.toString("utf8");
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = raw.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const body = raw.slice(end + 4);
      if (Buffer.byteLength(body) >= length) {
        socket.destroy();
        resolve({ status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body });
      }
    });
    socket.on("error", reject);
  });
}

/** A body that never ends: the server must stop reading it by itself. */
function endless(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(16 * 1024).fill(97);
  return new ReadableStream({ pull: (c) => c.enqueue(chunk) });
}

describe("request body limits", () => {
  test("a form post declaring more than the default limit is refused before its body is read", async () => {
    const res = await headOnly("/login", { "content-type": "application/x-www-form-urlencoded", "content-length": String(1024 * 1024), "accept-language": "en" });
    expect(res.status).toBe(413);
    expect(res.body).toContain(`The request is too large (at most ${DEFAULT_MAX_BODY / 1024} KB).`);
  });

  test("an upload declaring more than the attachment limit is refused at once, with a message the widget can read", async () => {
    const res = await headOnly("/api/widget/uploads", { "content-type": "multipart/form-data; boundary=x", "content-length": String(16 * 1024 * 1024), "accept-language": "zh-CN" });
    expect(res.status).toBe(413);
    expect(res.headers).toContain("access-control-allow-origin: *");
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe("body_too_large");
    expect(body.error.message).toContain("请求过大");
    // Far beyond every route's limit, Bun's own backstop refuses it (without our message) before anything runs.
    expect((await headOnly("/api/widget/uploads", { "content-type": "multipart/form-data; boundary=x", "content-length": String(120 * 1024 * 1024) })).status).toBe(413);
  });

  test("a chunked body without a length is read only up to the limit", async () => {
    const res = await fetch(`${srv.url}/login`, { method: "POST", body: endless(), headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "en" }, duplex: "half", keepalive: false } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("too large");
  });

  test("a signed-in htmx form post over the limit gets the message as JSON; the server stays healthy and forms still work", async () => {
    const c = new HttpClient(srv.url);
    expect((await c.login(srv.admin.email, srv.admin.password)).status).toBe(303);
    const token = await c.csrf("/account");
    const res = await c.post("/admin/settings", { _csrf: token, note: "y".repeat(DEFAULT_MAX_BODY) }, { "hx-request": "true" });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("body_too_large");
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    // A body within the limit is read and parsed as before (a wrong password: 401, not 400 or 413).
    expect((await new HttpClient(srv.url).login(srv.agent.email, "not-the-password")).status).toBe(401);
  });
});
