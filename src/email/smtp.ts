// A small SMTP client (RFC 5321) for Parley's few mails: connect (TLS from the start, STARTTLS, or
// plain), EHLO, AUTH PLAIN or LOGIN when a user name is set, MAIL FROM, RCPT TO, DATA, QUIT. Written
// here rather than taken from nodemailer: a few hundred lines of dependency-free code on node:net and
// node:tls, which Bun runs both from source and in the compiled executable, against a package whose
// transport, pooling and plugin layers Parley would not use (docs/email.md).
import { connect as tcpConnect, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { randomToken } from "../db/ids";

export interface SmtpSettings {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  password: string;
  fromAddress: string;
  fromName: string;
}

export interface Mail {
  to: string;
  subject: string;
  /** plain text; lines are sent as they are (UTF-8, base64) */
  text: string;
}

export class SmtpError extends Error {
  constructor(
    message: string,
    /** the server's reply code, when it answered; 5xx is permanent */
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;
/** the longest reply read (a hostile or broken server cannot grow it without bound) */
const MAX_REPLY = 16 * 1024;

/** An address as SMTP carries it: no angle brackets, spaces or line breaks. */
export const isMailAddress = (s: string): boolean => /^[^\s<>@,;:"()[\]\\]+@[^\s<>@,;:"()[\]\\]+\.[^\s<>@,;:"()[\]\\]+$/.test(s) && s.length <= 254;

/** A header value in RFC 2047 encoded words when it is not plain ASCII. */
function headerText(s: string): string {
  const clean = s.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, "utf8").toString("base64")}?=`;
}

/** The message as DATA carries it: headers, base64 body in 76-character lines, CRLF throughout. */
export function buildMessage(from: { address: string; name: string }, mail: Mail, now = new Date()): string {
  const domain = from.address.split("@")[1] ?? "parley.local";
  const body = Buffer.from(mail.text.replace(/\r?\n/g, "\r\n"), "utf8").toString("base64").replace(/.{1,76}/g, "$&\r\n");
  const fromHeader = from.name ? `${headerText(from.name.replace(/"/g, ""))} <${from.address}>` : from.address;
  return [
    `From: ${fromHeader}`,
    `To: ${mail.to}`,
    `Subject: ${headerText(mail.subject)}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${randomToken(20)}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "Auto-Submitted: auto-generated",
    "",
    body,
  ].join("\r\n");
}

/** Reads SMTP replies (possibly several lines, "250-…" then "250 …") from a socket. */
class Replies {
  private buffer = "";
  private waiting: ((r: { code: number; text: string } | Error) => void) | null = null;
  private failed: Error | null = null;

  constructor(private socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.on("data", (d: Buffer) => {
      this.buffer += d.toString("utf8");
      if (this.buffer.length > MAX_REPLY) return this.fail(new SmtpError("the server's reply is too long"));
      this.check();
    });
    socket.on("error", (e) => this.fail(new SmtpError(`connection failed: ${e.message}`)));
    socket.on("close", () => this.fail(new SmtpError("the server closed the connection")));
  }

  detach(): void {
    this.socket.removeAllListeners("data");
    this.socket.removeAllListeners("error");
    this.socket.removeAllListeners("close");
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const w = this.waiting;
    this.waiting = null;
    w?.(e);
  }

  private check(): void {
    if (!this.waiting) return;
    const lines = this.buffer.split("\r\n");
    for (let i = 0; i < lines.length - 1; i++) {
      const m = /^(\d{3})([ -])(.*)$/.exec(lines[i]!);
      if (!m) {
        this.fail(new SmtpError(`unexpected reply: ${lines[i]!.slice(0, 200)}`));
        return;
      }
      if (m[2] === " ") {
        const text = lines.slice(0, i + 1).map((l) => l.slice(4)).join("\n");
        this.buffer = lines.slice(i + 1).join("\r\n");
        const w = this.waiting;
        this.waiting = null;
        w({ code: Number(m[1]), text });
        return;
      }
    }
  }

  next(): Promise<{ code: number; text: string }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r instanceof Error ? reject(r) : resolve(r));
      this.check();
    });
  }
}

function opened(socket: Socket | TLSSocket, event: "connect" | "secureConnect"): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve());
    socket.once("error", (e) => reject(new SmtpError(`cannot connect: ${e.message}`)));
  });
}

/**
 * Sends one mail. Throws SmtpError with the server's code when it refuses (5xx: do not retry the
 * same mail), or without one when the connection failed or timed out.
 */
export async function sendMail(settings: SmtpSettings, mail: Mail, opts: { timeoutMs?: number; heloName?: string; tls?: { rejectUnauthorized?: boolean } } = {}): Promise<void> {
  if (!isMailAddress(mail.to)) throw new SmtpError("invalid recipient address", 553);
  if (!isMailAddress(settings.fromAddress)) throw new SmtpError("invalid sender address", 553);
  const timeout = opts.timeoutMs ?? TIMEOUT_MS;
  let socket: Socket | TLSSocket =
    settings.security === "tls" ? tlsConnect({ host: settings.host, port: settings.port, servername: settings.host, ...opts.tls }) : tcpConnect({ host: settings.host, port: settings.port });
  const timer = setTimeout(() => socket.destroy(new Error("timed out")), timeout);
  try {
    await opened(socket, settings.security === "tls" ? "secureConnect" : "connect");
    const replies = new Replies(socket);
    const expect = async (ok: number[], what: string) => {
      const r = await replies.next();
      if (!ok.includes(r.code)) throw new SmtpError(`${what}: ${r.code} ${r.text.slice(0, 300)}`, r.code);
      return r;
    };
    const send = (line: string) => socket.write(`${line}\r\n`);
    const helo = opts.heloName ?? "parley.local";
    await expect([220], "greeting");
    send(`EHLO ${helo}`);
    let ehlo = await expect([250], "EHLO");
    if (settings.security === "starttls") {
      if (!/^STARTTLS$/im.test(ehlo.text)) throw new SmtpError("the server does not offer STARTTLS");
      send("STARTTLS");
      await expect([220], "STARTTLS");
      replies.detach();
      const secure = tlsConnect({ socket, servername: settings.host, ...opts.tls });
      await opened(secure, "secureConnect");
      socket = secure;
      replies.attach(secure);
      send(`EHLO ${helo}`);
      ehlo = await expect([250], "EHLO");
    }
    if (settings.username) {
      const auth = /^AUTH[ =](.*)$/im.exec(ehlo.text)?.[1]?.toUpperCase().split(/\s+/) ?? [];
      if (auth.includes("PLAIN") || !auth.includes("LOGIN")) {
        send(`AUTH PLAIN ${Buffer.from(`\0${settings.username}\0${settings.password}`, "utf8").toString("base64")}`);
        await expect([235], "AUTH");
      } else {
        send("AUTH LOGIN");
        await expect([334], "AUTH");
        send(Buffer.from(settings.username, "utf8").toString("base64"));
        await expect([334], "AUTH");
        send(Buffer.from(settings.password, "utf8").toString("base64"));
        await expect([235], "AUTH");
      }
    }
    send(`MAIL FROM:<${settings.fromAddress}>`);
    await expect([250], "MAIL FROM");
    send(`RCPT TO:<${mail.to}>`);
    await expect([250, 251], "RCPT TO");
    send("DATA");
    await expect([354], "DATA");
    // Dot-stuffing: a line starting with "." gets another (the body is base64, the headers are ours).
    const data = buildMessage({ address: settings.fromAddress, name: settings.fromName }, mail).replace(/^\./gm, "..");
    socket.write(`${data}\r\n.\r\n`);
    await expect([250], "message");
    send("QUIT");
    await replies.next().catch(() => null);
  } catch (e) {
    if (e instanceof SmtpError) throw e;
    throw new SmtpError(String((e as Error)?.message ?? e));
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
