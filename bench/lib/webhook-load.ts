// bench/load.ts --saturate --webhooks N: Parley with N webhook endpoints subscribed to every event
// (on a local sink, bench/lib/webhook-sink.ts, in its own process) against Parley without, in
// alternating rounds of the same saturation run; the verdict is the median of the rounds' ratios
// (target: within 10 %, docs/webhooks.md). The endpoints are registered in the data directory
// before the server starts, and the server runs with --webhooks-allow-private (the sink is on
// 127.0.0.1).
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { EVENT_TYPES } from "../../src/events/types";
import { BUN, freePort, ROOT, spawnChild, waitHealthy } from "./proc";
import { startParley, type ServerKind, type Target } from "./targets";

export interface WebhookRun {
  throughput: number;
  lost: number;
  duplicates: number;
  errors: Record<string, number>;
  latency: { p99: number };
}

/** Registers `n` endpoints on the sink, for every event, in a data directory that is not running. */
export function seedEndpoints(dataDir: string, n: number, sinkPort: number): number {
  const db = new Database(join(dataDir, "parley.sqlite"));
  try {
    const eid = (db.query("select id from enterprises limit 1").get() as { id: string }).id;
    const insert = db.prepare("insert into webhook_endpoints (id, enterprise_id, url, events, secret, enabled, created_at) values (?, ?, ?, ?, ?, 1, ?)");
    for (let i = 0; i < n; i++) insert.run(`whk_bench_${i}`, eid, `http://127.0.0.1:${sinkPort}/hook/${i}`, JSON.stringify(EVENT_TYPES), `whsec_bench_${i}`, Date.now());
    return (db.query("select count(*) as n from webhook_endpoints").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export async function withWebhooks<R extends WebhookRun>(
  o: { server: ServerKind; agents: number; rounds: number; profile: string | null; webhooks: number },
  saturateOne: (target: Target) => Promise<R>,
): Promise<{ ok: boolean; result: unknown }> {
  const n = o.webhooks;
  // Both servers may reach 127.0.0.1 (the plain one has no endpoints, so nothing changes for it).
  process.env.PARLEY_WEBHOOKS_ALLOW_PRIVATE = "1";
  const sinkPort = freePort();
  const sink = spawnChild([BUN, join(ROOT, "bench/lib/webhook-sink.ts"), "--port", String(sinkPort)]);
  await waitHealthy(sinkPort, sink);
  const received = async () => ((await (await fetch(`http://127.0.0.1:${sinkPort}/count`)).json()) as { received: number }).received;
  let registered = 0;
  const hooked = () => startParley(o.server, o.agents, o.profile ?? undefined, (dir) => (registered = seedEndpoints(dir, n, sinkPort)));
  const plain = () => startParley(o.server, o.agents, o.profile ?? undefined);
  if (o.server === "dist") console.log("note: dist/parley is used as built; after changing the source run `bun run build` (or pass --server source)");
  const withHooks: R[] = [];
  const without: R[] = [];
  const delivered: number[] = [];
  try {
    for (let round = 1; round <= o.rounds; round++) {
      console.log(`\n== round ${round} of ${o.rounds}`);
      const runHooked = async () => {
        const before = await received();
        withHooks.push(await saturateOne(await hooked()));
        delivered.push((await received()) - before);
      };
      // Which goes first alternates too, so neither always meets the machine in the same state.
      if (round % 2) {
        await runHooked();
        without.push(await saturateOne(await plain()));
      } else {
        without.push(await saturateOne(await plain()));
        await runHooked();
      }
    }
  } finally {
    await sink.stop();
  }
  const ratios = withHooks.map((r, i) => r.throughput / without[i]!.throughput);
  const ratio = [...ratios].sort((a, b) => a - b)[(ratios.length - 1) >> 1]!;
  console.log("\n== result");
  console.log(`webhooks: ${registered} endpoints subscribed to every event, on a sink in its own process`);
  console.log(`msgs/s per round      with ${withHooks.map((r) => r.throughput.toFixed(0)).join(", ")} · without ${without.map((r) => r.throughput.toFixed(0)).join(", ")}`);
  console.log(`p99 at saturation, ms with ${withHooks.map((r) => r.latency.p99.toFixed(1)).join(", ")} · without ${without.map((r) => r.latency.p99.toFixed(1)).join(", ")}`);
  console.log(`deliveries the sink received during each run with webhooks (the rest wait in the outbox when the server stops): ${delivered.join(", ")}`);
  console.log(`with / without: per round ${ratios.map((r) => `${(r * 100).toFixed(1)} %`).join(", ")}; median ${(ratio * 100).toFixed(1)} %`);
  const clean = [...withHooks, ...without].every((r) => r.lost === 0 && r.duplicates === 0 && Object.keys(r.errors).length === 0);
  const ok = ratio >= 0.9 && clean;
  console.log(`target with ${n} webhook endpoints ≥ 90 % of the run without (median of the rounds' ratios), nothing lost or refused: ${ok ? "PASS" : "FAIL"}`);
  return { ok, result: { mode: "saturate-webhooks", date: new Date().toISOString(), options: o, registered, rounds: { with: withHooks, without }, delivered, ratios, ratio, pass: ok } };
}
