// The load generator: N visitor sockets and M agent sockets against one target, and the two ways of
// sending — an open-loop schedule (latency) and a paced closed loop (saturated throughput).
//
// Every message gets an index; its client id is `m<index>`. Four columns hold, per index, when it
// was scheduled, sent, acknowledged and delivered to an agent (performance.now(), ms). The hot
// paths read the index straight out of the frame text instead of parsing the JSON.
import { connectWs, type ClientKind, type WsClient } from "./ws";
import { connectSocketIo } from "./socketio";
import { Column } from "./stats";
import type { Target } from "./targets";

export const TEXT = "Hello! I have a question about my order 12345, could you help me please?";

export interface Visitor {
  i: number;
  ws: WsClient;
  welcomed: boolean;
  outstanding: number;
  lastSend: number;
  conversationId: string | null;
  timer: boolean;
}

const randomHex = (bytes: number) => {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return Buffer.from(b).toString("hex");
};

/** The digits after `"clientId":"m` in a frame, or -1. */
function indexIn(s: string): number {
  const k = s.indexOf('"clientId":"m');
  if (k < 0) return -1;
  let n = 0;
  let j = k + 13;
  for (let c = s.charCodeAt(j); c >= 48 && c <= 57; c = s.charCodeAt(++j)) n = n * 10 + (c - 48);
  return j === k + 13 ? -1 : n;
}

export class LoadGen {
  visitors: Visitor[] = [];
  agents: WsClient[] = [];
  issued = 0;
  acked = 0;
  delivered = 0;
  duplicates = 0;
  conversationsSeen = 0;
  readonly sched = new Column();
  readonly sent = new Column();
  readonly ack = new Column();
  readonly deliv = new Column();
  readonly errors = new Map<string, number>();
  /** closed loop: called when one of a visitor's messages is answered (ack or error) */
  private onDone: ((v: Visitor) => void) | null = null;
  private stopping = false;

  /** the target's framing: Parley's JSON frames (Parley, the bare relay) or Socket.IO packets (the peer) */
  private readonly connect: typeof connectWs;

  constructor(
    readonly target: Target,
    readonly client: ClientKind,
  ) {
    this.connect = target.protocol === "socketio" ? connectSocketIo : connectWs;
  }

  error(key: string, n = 1): void {
    this.errors.set(key, (this.errors.get(key) ?? 0) + n);
  }

  get errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  // ---- connecting --------------------------------------------------------------------------

  /** Connects every agent of the target, says hello and goes online; resolves when all are online. */
  async connectAgents(): Promise<void> {
    const { port, agentHeaders } = this.target;
    await Promise.all(
      agentHeaders.map(
        (headers, i) =>
          new Promise<void>((resolve, reject) => {
            let online = false;
            const ws = this.connect(this.client, port, "/ws/agent", { "user-agent": "parley-bench", ...headers }, {
              open: () => ws.send('{"type":"hello","role":"agent"}'),
              text: (s) => {
                if (s.startsWith('{"type":"message"')) return this.delivery(s);
                const f = JSON.parse(s);
                if (f.type === "welcome") ws.send('{"type":"status","status":"online"}');
                else if (f.type === "status" && f.status === "online" && !online) {
                  online = true;
                  resolve();
                } else if (f.type === "conversation") this.conversationsSeen++;
                else if (f.type === "error") {
                  this.error(`agent got error ${f.code}`);
                  if (!online) reject(new Error(`agent ${i + 1}: ${f.code} ${f.reason}`));
                }
              },
              close: (why) => {
                if (!online) reject(new Error(`agent ${i + 1} socket: ${why}`));
                else if (why && !this.stopping) this.error(`agent socket closed (${why})`);
              },
            });
            this.agents.push(ws);
          }),
      ),
    );
  }

  /** Connects n visitors (in batches, each batch waiting for its welcomes). */
  async connectVisitors(n: number, batch = 250, progress?: (done: number) => void): Promise<void> {
    for (let b = this.visitors.length; b < n; b += batch) {
      const wave: Promise<void>[] = [];
      for (let i = b; i < Math.min(n, b + batch); i++) wave.push(this.connectVisitor(i));
      await Promise.all(wave);
      progress?.(Math.min(n, b + batch));
    }
  }

  private connectVisitor(i: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const hello = JSON.stringify({ type: "hello", role: "visitor", site: this.target.siteKey, visitorId: randomHex(16) });
      const v: Visitor = { i, ws: null as unknown as WsClient, welcomed: false, outstanding: 0, lastSend: 0, conversationId: null, timer: false };
      v.ws = this.connect(this.client, this.target.port, "/ws/visitor", { "user-agent": "parley-bench" }, {
        open: () => v.ws.send(hello),
        text: (s) => {
          if (s.startsWith('{"type":"ack"')) return this.acknowledged(v, s);
          const f = JSON.parse(s);
          if (f.type === "welcome") {
            v.welcomed = true;
            resolve();
          } else if (f.type === "error") {
            this.error(`visitor got error ${f.code}`);
            if (!v.welcomed) reject(new Error(`visitor ${i}: ${f.code} ${f.reason}`));
            else if (f.clientId) {
              v.outstanding--;
              this.onDone?.(v);
            }
          }
        },
        close: (why) => {
          if (!v.welcomed) reject(new Error(`visitor ${i} socket: ${why}`));
          else if (why && !this.stopping) this.error(`visitor socket closed (${why})`);
        },
      });
      this.visitors[i] = v;
    });
  }

  close(): void {
    this.stopping = true;
    this.onDone = null;
    for (const v of this.visitors) v?.ws.close();
    for (const a of this.agents) a.close();
  }

  // ---- the hot path ------------------------------------------------------------------------

  private issue(v: Visitor, scheduled: number): void {
    const idx = this.issued++;
    if (idx >= this.sched.data.length) for (const c of [this.sched, this.sent, this.ack, this.deliv]) c.ensure(idx + 1);
    const now = performance.now();
    this.sched.data[idx] = scheduled;
    this.sent.data[idx] = now;
    v.outstanding++;
    v.lastSend = now;
    v.ws.send('{"type":"message","clientId":"m' + idx + '","text":"' + TEXT + '"}');
  }

  private acknowledged(v: Visitor, s: string): void {
    const idx = indexIn(s);
    if (idx < 0 || idx >= this.issued) return this.error("ack for an unknown client id");
    if (this.ack.data[idx] === 0) {
      this.ack.data[idx] = performance.now();
      this.acked++;
    }
    if (v.conversationId === null) v.conversationId = JSON.parse(s).conversationId ?? "";
    v.outstanding--;
    this.onDone?.(v);
  }

  private delivery(s: string): void {
    const now = performance.now();
    const idx = indexIn(s);
    if (idx < 0 || idx >= this.issued) return this.error("agent got a message with an unknown client id");
    if (this.deliv.data[idx] !== 0) {
      this.duplicates++;
      return;
    }
    this.deliv.data[idx] = now;
    this.delivered++;
  }

  // ---- schedules ---------------------------------------------------------------------------

  /**
   * Open loop: each visitor sends every 1000/rate ms from a random phase, whatever the replies;
   * sends stop at t0 + seconds. Returns t0. Latency is measured from the scheduled time, so a
   * server (or generator) that falls behind shows up in the figures instead of slowing the load.
   */
  async openLoop(rate: number, seconds: number, at: (t0: number) => void = () => {}): Promise<number> {
    const period = 1000 / rate;
    const n = this.visitors.length;
    const phases = this.visitors.map((v) => ({ v, phase: Math.random() * period })).sort((a, b) => a.phase - b.phase);
    const t0 = performance.now() + 20;
    const end = t0 + seconds * 1000;
    at(t0);
    let k = 0;
    let j = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        for (;;) {
          const t = t0 + k * period + phases[j]!.phase;
          if (t >= end) return resolve();
          if (t > now) return void setTimeout(tick, Math.max(0, Math.floor(t - now)));
          this.issue(phases[j]!.v, t);
          if (++j === n) {
            j = 0;
            k++;
          }
        }
      };
      tick();
    });
    return t0;
  }

  /**
   * Closed loop: every visitor keeps up to `window` messages unanswered and sends the next one as
   * soon as one is answered — but never sooner than `gapMs` after its previous one, so it stays
   * under the server's per-socket rate limit. Runs for `seconds`; returns t0.
   */
  async closedLoop(window: number, gapMs: number, seconds: number, at: (t0: number) => void = () => {}): Promise<number> {
    let running = true;
    const pump = (v: Visitor) => {
      v.timer = false;
      if (!running) return;
      while (v.outstanding < window) {
        const now = performance.now();
        const due = v.lastSend + gapMs;
        if (now < due) {
          if (!v.timer) {
            v.timer = true;
            setTimeout(() => pump(v), due - now);
          }
          return;
        }
        this.issue(v, now);
      }
    };
    const t0 = performance.now();
    at(t0);
    for (const v of this.visitors) {
      v.lastSend = t0 - gapMs + Math.random() * gapMs; // first sends spread over one gap
      pump(v);
    }
    this.onDone = pump;
    await Bun.sleep(seconds * 1000);
    running = false;
    this.onDone = null;
    return t0;
  }

  /** Waits until every issued message is delivered and acknowledged, or the time is up. */
  async drain(maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    while (performance.now() < until && (this.delivered < this.issued || this.acked < this.issued)) await Bun.sleep(20);
  }

  // ---- reading the columns -----------------------------------------------------------------

  /** Indices whose scheduled time falls in [from, to). */
  scheduledIn(from: number, to: number): number[] {
    const out: number[] = [];
    const s = this.sched.data;
    for (let i = 0; i < this.issued; i++) if (s[i]! >= from && s[i]! < to) out.push(i);
    return out;
  }

  /** How many deliveries (or acks) happened in [from, to). */
  countIn(col: Column, from: number, to: number): number {
    let n = 0;
    const d = col.data;
    for (let i = 0; i < this.issued; i++) if (d[i]! >= from && d[i]! < to) n++;
    return n;
  }
}
