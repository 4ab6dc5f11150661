// Lean WebSocket clients for load generation. The load generator shares 2 cores with the server, so
// every microsecond it spends per frame is one the server does not get: `raw` speaks RFC 6455 over
// Bun.connect directly (no event objects, text frames handed over as strings, zero mask key);
// `bun` uses Bun's built-in WebSocket (for comparison, and as a fallback).
import { connect as netConnect } from "node:net";

export interface WsHandlers {
  /** the upgrade completed */
  open(): void;
  /** one text frame */
  text(s: string): void;
  /** the socket ended (after open or not); `why` is empty for a close we asked for */
  close(why: string): void;
}

export interface WsClient {
  send(text: string): void;
  close(): void;
}

export type ClientKind = "raw" | "bun";

export function connectWs(kind: ClientKind, port: number, path: string, headers: Record<string, string>, h: WsHandlers): WsClient {
  return kind === "raw" ? connectRaw(port, path, headers, h) : connectBun(port, path, headers, h);
}

// ---- Bun's WebSocket -------------------------------------------------------------------------

function connectBun(port: number, path: string, headers: Record<string, string>, h: WsHandlers): WsClient {
  const WS: any = WebSocket;
  const ws: WebSocket = new WS(`ws://127.0.0.1:${port}${path}`, { headers });
  let closing = false;
  ws.onopen = () => h.open();
  ws.onmessage = (ev) => h.text(typeof ev.data === "string" ? ev.data : String(ev.data));
  ws.onclose = (ev) => h.close(closing ? "" : `closed ${ev.code} ${ev.reason}`);
  ws.onerror = () => {};
  return {
    send: (t) => ws.send(t),
    close: () => {
      closing = true;
      ws.close(1000);
    },
  };
}

// ---- raw RFC 6455 over TCP ---------------------------------------------------------------------

const KEY = "dGhlIHNhbXBsZSBub25jZQ=="; // the server only echoes a hash of it back; any 16 bytes do

function frame(opcode: number, payload: Buffer | string): Buffer {
  const n = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
  const h = n < 126 ? 6 : n < 65536 ? 8 : 14;
  const buf = Buffer.allocUnsafe(h + n);
  buf[0] = 0x80 | opcode;
  if (n < 126) buf[1] = 0x80 | n;
  else if (n < 65536) {
    buf[1] = 0x80 | 126;
    buf.writeUInt16BE(n, 2);
  } else {
    buf[1] = 0x80 | 127;
    buf.writeBigUInt64BE(BigInt(n), 2);
  }
  // Client frames must be masked; a zero key makes the masked payload equal to the payload.
  buf.writeUInt32BE(0, h - 4);
  if (typeof payload === "string") buf.write(payload, h, "utf8");
  else payload.copy(buf, h);
  return buf;
}

/**
 * Local addresses the raw client connects from, in turn (empty: the kernel's choice, 127.0.0.1).
 * One source address has ~28,000 ephemeral ports towards one server port; 50,000 sockets need two
 * or more (127.0.0.0/8 is all loopback). Connections from a set source go through node:net, which
 * can bind one; Bun.connect cannot.
 */
export const sourceAddresses: string[] = [];
let nextSource = 0;

/** What the raw client needs of a TCP socket, from Bun.connect or node:net. */
interface Tcp {
  write(b: Buffer | string): number;
  end(): void;
}

function connectRaw(port: number, path: string, headers: Record<string, string>, h: WsHandlers): WsClient {
  let sock: Tcp | null = null;
  let upgraded = false;
  let ended = false;
  let closing = false;
  let pending: Buffer | null = null;
  const queue: Buffer[] = [];
  const beforeOpen: Buffer[] = [];

  const end = (why: string) => {
    if (ended) return;
    ended = true;
    h.close(closing ? "" : why);
  };

  const write = (b: Buffer) => {
    if (!sock || ended) return;
    if (queue.length) return void queue.push(b);
    const n = sock.write(b);
    if (n < b.length) queue.push(n > 0 ? b.subarray(n) : b);
  };

  const parse = (buf: Buffer) => {
    let off = 0;
    const len = buf.length;
    while (len - off >= 2) {
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      let n = b1 & 0x7f;
      let hl = 2;
      if (n === 126) {
        if (len - off < 4) break;
        n = buf.readUInt16BE(off + 2);
        hl = 4;
      } else if (n === 127) {
        if (len - off < 10) break;
        n = Number(buf.readBigUInt64BE(off + 2));
        hl = 10;
      }
      if (b1 & 0x80) hl += 4; // servers do not mask; skip a key if one is there
      if (len - off < hl + n) break;
      const start = off + hl;
      off = start + n;
      switch (b0 & 0x0f) {
        case 1:
          h.text(buf.toString("utf8", start, start + n));
          break;
        case 9:
          write(frame(10, Buffer.from(buf.subarray(start, start + n))));
          break;
        case 8:
          sock?.end();
          end(`closed by server ${n >= 2 ? buf.readUInt16BE(start) : ""} ${buf.toString("utf8", start + 2, start + n)}`);
          return;
        case 0:
          end("fragmented frames are not supported by the bench client");
          sock?.end();
          return;
      }
    }
    pending = off < len ? Buffer.from(buf.subarray(off)) : null;
  };

  const onOpen = (s: Tcp) => {
    sock = s;
    let req = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n`;
    for (const [k, v] of Object.entries(headers)) req += `${k}: ${v}\r\n`;
    s.write(req + "\r\n");
  };
  const onData = (chunk: Buffer) => {
    let buf = chunk as Buffer;
    if (pending) {
      buf = Buffer.concat([pending, buf]);
      pending = null;
    }
    if (!upgraded) {
      const i = buf.indexOf("\r\n\r\n");
      if (i < 0) return void (pending = Buffer.from(buf));
      const head = buf.toString("latin1", 0, i);
      if (!/^HTTP\/1\.1 101/.test(head)) {
        sock?.end();
        return end(`upgrade refused: ${head.split("\r\n")[0]}`);
      }
      upgraded = true;
      buf = buf.subarray(i + 4);
      h.open();
      for (const b of beforeOpen.splice(0)) write(b);
      if (!buf.length) return;
    }
    parse(buf);
  };

  if (sourceAddresses.length) {
    const localAddress = sourceAddresses[nextSource++ % sourceAddresses.length]!;
    const ns = netConnect({ host: "127.0.0.1", port, localAddress });
    const tcp: Tcp = { write: (b) => (ns.write(b), b.length), end: () => ns.end() };
    ns.on("connect", () => onOpen(tcp));
    ns.on("data", (chunk: Buffer) => onData(chunk));
    ns.on("close", () => end("connection closed"));
    ns.on("error", (e) => end(`socket error: ${e.message}`));
  } else {
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(s) {
          onOpen(s);
        },
        data(_s, chunk) {
          onData(chunk as Buffer);
        },
        drain(s) {
          while (queue.length) {
            const b = queue[0]!;
            const n = s.write(b);
            if (n < b.length) {
              queue[0] = b.subarray(Math.max(0, n));
              return;
            }
            queue.shift();
          }
        },
        close() {
          end("connection closed");
        },
        error(_s, e) {
          end(`socket error: ${e.message}`);
        },
        connectError(_s, e) {
          end(`connect failed: ${e.message}`);
        },
      },
    }).catch((e) => end(`connect failed: ${e?.message ?? e}`));
  }

  return {
    send(text) {
      const f = frame(1, text);
      if (upgraded) write(f);
      else beforeOpen.push(f);
    },
    close() {
      closing = true;
      if (sock && upgraded && !ended) {
        write(frame(8, Buffer.from([0x03, 0xe8])));
        sock.end();
      } else sock?.end();
      end("");
    },
  };
}
