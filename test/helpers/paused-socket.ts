// A WebSocket client on a bare TCP socket, for what a browser's WebSocket cannot do: stop reading
// (a slow reader: the server meets TCP backpressure) and see a refused upgrade's HTTP status.
import { connect, type Socket } from "node:net";

export interface Upgrade {
  /** the HTTP status of the upgrade: 101 when it became a socket */
  status: number;
  /** the body when it was refused */
  body: string;
  socket: PausedSocket | null;
}

/** Opens `path` on 127.0.0.1:`port` with these extra request headers. */
export function openPaused(port: number, path: string, headers: Record<string, string> = {}): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const tcp = connect(port, "127.0.0.1");
    let head = Buffer.alloc(0);
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    tcp.on("connect", () => {
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
      tcp.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`);
    });
    tcp.on("error", reject);
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      tcp.off("data", onHead);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head.subarray(0, end).toString())?.[1] ?? 0);
      const rest = head.subarray(end + 4);
      if (status !== 101) {
        // The body of a refusal: what came with the head, and the rest until the server ends it.
        let body = rest;
        tcp.on("data", (c: Buffer) => (body = Buffer.concat([body, c])));
        const done = () => resolve({ status, body: body.toString(), socket: null });
        tcp.on("end", done);
        tcp.on("close", done);
        setTimeout(() => tcp.destroy(), 200);
        return;
      }
      resolve({ status, body: "", socket: new PausedSocket(tcp, rest) });
    };
    tcp.on("data", onHead);
  });
}

export class PausedSocket {
  /** text frames received, parsed */
  frames: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private buf: Buffer;
  private waiters: (() => void)[] = [];

  constructor(private tcp: Socket, rest: Buffer) {
    this.buf = rest;
    tcp.on("data", (c: Buffer) => this.receive(c));
    tcp.on("close", () => {
      this.closed ??= { code: 1006, reason: "" };
      this.wake();
    });
    this.receive(Buffer.alloc(0));
  }

  /** Stops reading: what the server sends piles up in the kernel's buffers, then in the server. */
  pause(): void {
    this.tcp.pause();
  }

  resume(): void {
    this.tcp.resume();
  }

  send(frame: unknown): void {
    const payload = Buffer.from(JSON.stringify(frame));
    const mask = Buffer.from(crypto.getRandomValues(new Uint8Array(4)));
    const len = payload.length;
    const header = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]);
    for (let i = 0; i < len; i++) payload[i]! ^= mask[i % 4]!;
    this.tcp.write(Buffer.concat([header, mask, payload]));
  }

  close(): void {
    this.tcp.destroy();
  }

  /** Waits until `done()` holds (checked whenever frames arrive or the socket closes). */
  async until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; ${this.frames.length} frames, closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let got = false;
    for (;;) {
      const b = this.buf;
      if (b.length < 2) break;
      const opcode = b[0]! & 0x0f;
      let len = b[1]! & 0x7f;
      let at = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      if (b.length < at + len) break;
      const payload = b.subarray(at, at + len);
      this.buf = b.subarray(at + len);
      got = true;
      if (opcode === 1) this.frames.push(JSON.parse(payload.toString()));
      else if (opcode === 8) this.closed = { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString() };
    }
    if (got) this.wake();
  }
}
