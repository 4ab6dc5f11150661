// A webhook receiver for tests: a real HTTP server on 127.0.0.1 that checks every delivery's
// signature the way docs/webhooks.md tells receivers to, records what came, and answers as told
// (fail the next N requests, answer with a large body…).
import { verifySignature } from "../../src/webhooks/signature";

export interface Received {
  eventId: string;
  type: string;
  delivery: string;
  body: { id: string; type: string; createdAt: number; enterpriseId: string; data: Record<string, unknown> };
  signatureValid: boolean;
  /** the status it was answered with */
  answered: number;
  host: string | null;
}

export class WebhookReceiver {
  received: Received[] = [];
  /** the signing secret to check against (set once the endpoint is registered) */
  secret = "";
  /** answer this many requests with 500 before succeeding */
  failNext = 0;
  /** the body of a failure answer */
  failBody = "failing on purpose";
  private waiters: (() => void)[] = [];
  private server: ReturnType<typeof Bun.serve>;

  constructor() {
    this.server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async (req) => {
        const raw = await req.text();
        const header = req.headers.get("parley-signature") ?? "";
        let body: Received["body"];
        try {
          body = JSON.parse(raw);
        } catch {
          return new Response("bad json", { status: 400 });
        }
        const fail = this.failNext > 0;
        if (fail) this.failNext--;
        const answered = fail ? 500 : 200;
        this.received.push({
          eventId: req.headers.get("parley-event-id") ?? "",
          type: req.headers.get("parley-event") ?? "",
          delivery: req.headers.get("parley-delivery") ?? "",
          body,
          signatureValid: !!this.secret && verifySignature(this.secret, raw, header),
          answered,
          host: req.headers.get("host"),
        });
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
        return new Response(fail ? this.failBody : "ok", { status: answered });
      },
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}/hooks`;
  }

  /** Deliveries answered 2xx. */
  get delivered(): Received[] {
    return this.received.filter((r) => r.answered === 200);
  }

  /** Waits until `n` requests have come (fails after `ms`). */
  async waitFor(n: number, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.received.length < n) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} webhook requests; have ${this.received.length}`);
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
    this.server.stop(true);
  }
}
