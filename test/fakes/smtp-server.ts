// A mail server for tests: Bun.listen on 127.0.0.1 speaking enough of RFC 5321 — EHLO (HELO),
// AUTH PLAIN (and LOGIN) when a user is set, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET,
// NOOP, QUIT — and recording each message with its headers and decoded text. It can answer the next
// sessions with a temporary (421) or permanent (554) refusal to exercise retries.
import type { Socket } from "bun";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** header names in lower case; encoded words decoded */
  headers: Record<string, string>;
  subject: string;
  text: string;
  authenticated: string | null;
}

interface Session {
  buffer: string;
  inData: boolean;
  data: string;
  from: string;
  to: string[];
  user: string | null;
  authLogin: null | "user" | "pass";
  loginUser: string;
}

const decodeWords = (s: string) => s.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_, b64: string) => Buffer.from(b64, "base64").toString("utf8"));

function parse(raw: string): { headers: Record<string, string>; text: string } {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const headers: Record<string, string> = {};
  for (const line of (head ?? "").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const body = rest.join("\r\n\r\n");
  const text = headers["content-transfer-encoding"]?.toLowerCase() === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  return { headers, text: text.replace(/\r\n/g, "\n") };
}

export class FakeSmtpServer {
  received: ReceivedMail[] = [];
  /** when set, AUTH is offered and required */
  user: { name: string; password: string } | null = null;
  /** answer the next N sessions' greeting with this code and close */
  refuseNext = 0;
  refuseCode = 421;
  sessions = 0;
  private waiters: (() => void)[] = [];
  private listener: import("bun").TCPSocketListener<Session>;

  constructor() {
    this.listener = Bun.listen<Session>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open: (socket) => {
          this.sessions++;
          socket.data = { buffer: "", inData: false, data: "", from: "", to: [], user: null, authLogin: null, loginUser: "" };
          if (this.refuseNext > 0) {
            this.refuseNext--;
            socket.write(`${this.refuseCode} ${this.refuseCode >= 500 ? "no mail for you" : "try again later"}\r\n`);
            socket.end();
            return;
          }
          socket.write("220 fake.test ESMTP ready\r\n");
        },
        data: (socket, chunk) => this.read(socket, chunk.toString("utf8")),
      },
    });
  }

  get port(): number {
    return this.listener.port;
  }

  private reply(socket: Socket<Session>, line: string) {
    socket.write(`${line}\r\n`);
  }

  private read(socket: Socket<Session>, text: string) {
    const s = socket.data;
    s.buffer += text;
    for (;;) {
      if (s.inData) {
        const end = s.buffer.indexOf("\r\n.\r\n");
        if (end < 0) return;
        const raw = s.buffer.slice(0, end).replace(/^\.\./gm, ".");
        s.buffer = s.buffer.slice(end + 5);
        s.inData = false;
        const { headers, text: body } = parse(raw);
        this.received.push({ from: s.from, to: s.to, headers, subject: headers.subject ?? "", text: body, authenticated: s.user });
        s.from = "";
        s.to = [];
        this.reply(socket, "250 queued");
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
        continue;
      }
      const i = s.buffer.indexOf("\r\n");
      if (i < 0) return;
      const line = s.buffer.slice(0, i);
      s.buffer = s.buffer.slice(i + 2);
      this.command(socket, line);
    }
  }

  private command(socket: Socket<Session>, line: string) {
    const s = socket.data;
    if (s.authLogin === "user") {
      s.loginUser = Buffer.from(line, "base64").toString("utf8");
      s.authLogin = "pass";
      return this.reply(socket, "334 UGFzc3dvcmQ6");
    }
    if (s.authLogin === "pass") {
      s.authLogin = null;
      const ok = this.user && s.loginUser === this.user.name && Buffer.from(line, "base64").toString("utf8") === this.user.password;
      if (ok) s.user = s.loginUser;
      return this.reply(socket, ok ? "235 ok" : "535 authentication failed");
    }
    const [verb = "", ...args] = line.split(" ");
    const arg = args.join(" ");
    switch (verb.toUpperCase()) {
      case "EHLO":
        return socket.write(`250-fake.test hello ${arg}\r\n${this.user ? "250-AUTH PLAIN LOGIN\r\n" : ""}250 8BITMIME\r\n`);
      case "HELO":
        return this.reply(socket, "250 fake.test");
      case "AUTH": {
        const [mech, initial] = args;
        if (mech?.toUpperCase() === "LOGIN") {
          s.authLogin = "user";
          return this.reply(socket, "334 VXNlcm5hbWU6");
        }
        const parts = Buffer.from(initial ?? "", "base64").toString("utf8").split("\0");
        const ok = this.user && parts[1] === this.user.name && parts[2] === this.user.password;
        if (ok) s.user = parts[1]!;
        return this.reply(socket, ok ? "235 ok" : "535 authentication failed");
      }
      case "MAIL":
        if (this.user && !s.user) return this.reply(socket, "530 authentication required");
        s.from = /<([^>]*)>/.exec(arg)?.[1] ?? "";
        return this.reply(socket, "250 ok");
      case "RCPT":
        if (!s.from) return this.reply(socket, "503 need MAIL first");
        s.to.push(/<([^>]*)>/.exec(arg)?.[1] ?? "");
        return this.reply(socket, "250 ok");
      case "DATA":
        if (!s.to.length) return this.reply(socket, "503 need RCPT first");
        s.inData = true;
        return this.reply(socket, "354 end with <CRLF>.<CRLF>");
      case "RSET":
        s.from = "";
        s.to = [];
        return this.reply(socket, "250 ok");
      case "NOOP":
        return this.reply(socket, "250 ok");
      case "QUIT":
        this.reply(socket, "221 bye");
        return socket.end();
      default:
        return this.reply(socket, "502 not implemented");
    }
  }

  /** Waits until `n` mails have arrived (fails after `ms`). */
  async waitFor(n: number, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.received.length < n) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} mails; have ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  stop(): void {
    this.listener.stop(true);
  }
}
