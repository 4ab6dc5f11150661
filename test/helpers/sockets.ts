// Protocol clients for tests: the real reconnecting client, and a raw socket that records frames.
import { ChatConnection } from "../../common/chat-client";
import type { ServerFrame } from "../../common/protocol";

export function randomVisitorId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

/** A raw socket whose frames queue up, so a test can wait for exactly the next ones. */
export class RawSocket {
  frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string, headers?: Record<string, string>) {
    this.ws = headers ? new (WebSocket as any)(url, { headers }) : new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
    this.ws.onmessage = (e) => {
      this.frames.push(JSON.parse(String(e.data)));
      this.wake();
    };
    this.ws.onclose = (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    };
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Waits for (and removes) the first queued frame that matches. */
  async next<T extends ServerFrame["type"]>(type: T, match: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true, timeoutMs = 3000): Promise<Extract<ServerFrame, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type && match(f as any));
      if (i >= 0) return this.frames.splice(i, 1)[0] as any;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${type}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${type}; have: ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  /** Resolves after `ms` with every frame that arrived meanwhile (for asserting that nothing came). */
  async collect(ms: number): Promise<ServerFrame[]> {
    await Bun.sleep(ms);
    return this.frames.splice(0);
  }

  close() {
    this.ws.close();
  }
}

export interface VisitorOptions {
  visitorId?: string;
  /** resume after this seq */
  lastSeq?: number;
  /** the widget's language */
  lang?: string;
  page?: { url?: string; title?: string; referrer?: string };
  /** extra upgrade headers (a user agent) */
  headers?: Record<string, string>;
}

/**
 * A visitor's socket that said hello and got its welcome. `say` sends a message and waits for its
 * ack. The options' defaults are a product page of shop.example; a string is the visitor's id.
 */
export async function visitorSocket(wsUrl: string, site: string, options: VisitorOptions | string = {}, lastSeq?: number) {
  const o: VisitorOptions = typeof options === "string" ? { visitorId: options, lastSeq } : options;
  const visitorId = o.visitorId ?? randomVisitorId();
  const s = new RawSocket(`${wsUrl}/ws/visitor`, o.headers);
  await s.opened;
  const page = o.page ?? { url: "https://shop.example/p/1", title: "Product 1", referrer: "https://search.example/" };
  s.send({ type: "hello", role: "visitor", site, visitorId, page, ...(o.lang ? { lang: o.lang } : {}), ...(o.lastSeq !== undefined ? { lastSeq: o.lastSeq } : {}) });
  const welcome = await s.next("welcome");
  let n = 0;
  const say = (text: string, clientId = `c${++n}-${visitorId.slice(0, 8)}`) => {
    s.send({ type: "message", clientId, text });
    return s.next("ack", (a) => a.clientId === clientId);
  };
  return { socket: s, visitorId, welcome, say };
}

export async function agentSocket(wsUrl: string, session: string, resume?: Record<string, number>, status: "online" | "away" | null = "online") {
  const s = new RawSocket(`${wsUrl}/ws/agent`, { cookie: `parley_session=${session}` });
  await s.opened;
  s.send({ type: "hello", role: "agent", ...(resume ? { resume } : {}) });
  const welcome = await s.next("welcome");
  if (status) {
    s.send({ type: "status", status });
    await s.next("status");
  }
  return { socket: s, welcome };
}

export { ChatConnection };
