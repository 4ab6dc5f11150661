// Parley's load benchmark. Starts its own server on a fresh data directory in /tmp (127.0.0.1 only),
// drives it, prints the figures, and stops the server however the run ends.
//
//   bun bench/load.ts                         open loop: 1,000 visitors × 1 msg/s, 10 agents, 20 s
//   bun bench/load.ts --visitors 2000 --rate 2 --duration 30
//   bun bench/load.ts --saturate              saturated throughput: Parley, bench/bare-relay.ts and the
//                                             Socket.IO peer (bench/socketio-peer, Node) in alternating rounds
//   bun bench/load.ts --idle [N]              RSS with N idle visitor sockets (default 10,000)
//   bun bench/load.ts --saturate --banned-words 1000
//                                             Parley with 1,000 banned words (and quick replies) configured
//                                             against Parley without, in alternating rounds (issue 16)
//
// Options: --visitors N  --agents M  --rate R (msgs/s per visitor)  --duration S  --warmup S
//          --server dist|source  --client raw|bun  --window W (saturate)  --json
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { LoadGen } from "./lib/loadgen";
import { cores, cpuSecondsOf, deadline, fdLimit, machineBusySeconds, mb, memoryOf, ownCpuSeconds, ROOT, RssSampler, runMain } from "./lib/proc";
import { formatSummary, ms, summarise } from "./lib/stats";
import { openForVisitorPlan, seedConfiguredLists, startBare, startParley, startSocketIoPeer, type ServerKind, type Target } from "./lib/targets";
import { sourceAddresses, type ClientKind } from "./lib/ws";
import { withWebhooks } from "./lib/webhook-load";

// ---- options -------------------------------------------------------------------------------------

interface Options {
  mode: "open" | "saturate" | "idle";
  visitors: number;
  agents: number;
  rate: number;
  duration: number;
  warmup: number;
  server: ServerKind;
  client: ClientKind;
  window: number;
  idle: number;
  json: boolean;
  /** saturate: run only one contender (for exploring; the ratios need all) */
  only: "parley" | "bare" | "peer" | null;
  /** saturate: leave out the Socket.IO peer (it needs node and its own npm install) */
  noPeer: boolean;
  /** run Parley from source under Bun's CPU profiler, writing the profile (markdown) here */
  profile: string | null;
  /** saturate: rounds of Parley then bare; the medians are compared (single runs vary by ±10 % here) */
  rounds: number;
  /** saturate: compare Parley with N webhook endpoints (on a local sink) to Parley without, in alternating rounds (bench/lib/webhook-load.ts) */
  webhooks?: number;
  /** saturate: compare Parley with this many banned words (and quick replies) configured to Parley without, in alternating rounds */
  bannedWords: number;
  /** idle: loopback source addresses to connect from (0: one per 20,000 sockets) */
  sources: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { mode: "open", visitors: 1000, agents: 10, rate: 1, duration: 20, warmup: 5, server: "dist", client: "raw", window: 1, idle: 10_000, json: false, only: null, noPeer: false, profile: null, rounds: 3, bannedWords: 0, sources: 0 };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    given.add(a);
    switch (a) {
      case "--visitors": o.visitors = Math.floor(num()); break;
      case "--agents": o.agents = Math.floor(num()); break;
      case "--rate": o.rate = num(); break;
      case "--duration": o.duration = num(); break;
      case "--warmup": o.warmup = num(); break;
      case "--window": o.window = Math.floor(num()); break;
      case "--server": {
        const v = next();
        if (v !== "dist" && v !== "source") throw new Error("--server is dist or source");
        o.server = v;
        break;
      }
      case "--client": {
        const v = next();
        if (v !== "raw" && v !== "bun") throw new Error("--client is raw or bun");
        o.client = v;
        break;
      }
      case "--saturate": o.mode = "saturate"; break;
      case "--rounds": o.rounds = Math.max(1, Math.floor(num())); break;
      case "--idle":
        o.mode = "idle";
        if (argv[i + 1] && /^\d+$/.test(argv[i + 1]!)) o.idle = Number(argv[++i]);
        break;
      case "--sources": o.sources = Number(argv[++i]); break;
      case "--json": o.json = true; break;
      case "--profile": o.profile = next(); o.server = "source"; break;
      case "--only": {
        const v = next();
        if (v !== "parley" && v !== "bare" && v !== "peer") throw new Error("--only is parley, bare or peer");
        o.only = v;
        break;
      }
      case "--no-peer": o.noPeer = true; break;
      case "--webhooks": o.webhooks = Math.floor(num()); break;
      case "--banned-words": o.bannedWords = Math.floor(num()); break;
      case "-h":
      case "--help":
        console.log(HELP);
        process.exit(0);
      default:
        throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  // Each agent holds at most 100 chats (the cap the bench gives them; the server enforces it):
  // beyond agents × 100 conversations would wait in the queue instead of being served.
  const needed = Math.ceil((o.mode === "saturate" && !given.has("--visitors") ? 4000 : o.visitors) / 100);
  if (o.mode !== "idle" && o.agents < needed) {
    if (given.has("--agents")) console.warn(`note: --agents ${o.agents} can hold ${o.agents * 100} conversations; using ${needed} agents`);
    o.agents = needed;
  }
  if (o.mode === "saturate") {
    if (!given.has("--visitors")) o.visitors = 4000; // pacing cap 38,000 msgs/s: above what either server reaches here
    if (!given.has("--duration")) o.duration = 10;
    if (!given.has("--warmup")) o.warmup = 3;
  }
  // the warm-up must cover every visitor's first message (it opens the conversation)
  if (o.mode === "open" && o.warmup < 1 / o.rate + 1) o.warmup = Math.ceil(1 / o.rate + 1);
  return o;
}

const HELP = `bun bench/load.ts [--visitors N] [--agents M] [--rate R] [--duration S] [--warmup S]
                  [--server dist|source] [--client raw|bun] [--saturate [--rounds N] [--window W] [--only parley|bare|peer] [--no-peer] [--webhooks N] [--banned-words N]] [--idle [N] [--sources K]] [--json]
                  [--profile DIR]  (Parley from source under bun --cpu-prof-md; profile written to DIR)`;

// ---- shared ------------------------------------------------------------------------------------

const SERVER_RATE_LIMIT = 10; // frames/s per socket (common/protocol.ts LIMITS.ratePerSecond)
const PACING_GAP_MS = 1000 / 9.5; // closed loop: stay just under the limit

function header(o: Options, what: string): void {
  console.log(`\n== ${what}`);
  console.log(
    `machine: ${cores()} cores, ${mb(totalmem())} RAM, bun ${Bun.version}; ` +
      `the load generator (this process, ${o.client} WebSocket client) runs on the same cores as the server`,
  );
}

/**
 * The figures need both cores. Waits (up to a minute) for two quiet seconds in a row — other
 * processes using < 20 % of a core — and warns if they never come.
 */
async function waitQuiet(): Promise<void> {
  let quiet = 0, busy = 0;
  for (let i = 0; i < 60 && quiet < 2; i++) {
    const m0 = machineBusySeconds();
    await Bun.sleep(1000);
    busy = (machineBusySeconds() - m0) * 100;
    quiet = busy < 20 ? quiet + 1 : 0;
    if (i === 1 && quiet < 2) console.log(`waiting for the machine to be quiet (other processes use ${busy.toFixed(0)} % of a core)…`);
  }
  if (quiet < 2) console.log(`warning: the machine stayed busy (${busy.toFixed(0)} % of a core used by other processes): the figures will be skewed`);
}

function errorsLine(gen: LoadGen): string {
  if (gen.errors.size === 0) return "0";
  return `${gen.errorCount} (${[...gen.errors].map(([k, v]) => `${k}: ${v}`).join("; ")})`;
}

/**
 * CPU used between two moments, as % of one core: by the server, by this process, and by everything
 * else on the machine (kernel networking, and other people's processes — a busy machine skews figures).
 */
function cpuMeter(pid: number) {
  let s0 = 0, g0 = 0, m0 = 0, t0 = 0, s1 = 0, g1 = 0, m1 = 0, t1 = 0;
  const pct = (a: number, b: number) => (100 * (b - a)) / ((t1 - t0) / 1000);
  return {
    start() {
      s0 = cpuSecondsOf(pid);
      g0 = ownCpuSeconds();
      m0 = machineBusySeconds();
      t0 = performance.now();
    },
    stop() {
      s1 = cpuSecondsOf(pid);
      g1 = ownCpuSeconds();
      m1 = machineBusySeconds();
      t1 = performance.now();
    },
    get server() {
      return pct(s0, s1);
    },
    get generator() {
      return pct(g0, g1);
    },
    /** the rest of the machine's busy time (softirq, kernel threads, other processes) */
    get other() {
      return Math.max(0, pct(m0, m1) - pct(s0, s1) - pct(g0, g1));
    },
    get line() {
      return `CPU (% of one core, ${cores()} cores = ${cores() * 100} %): server ${this.server.toFixed(0)} %, load generator ${this.generator.toFixed(0)} %, everything else ${this.other.toFixed(0)} %`;
    },
  };
}

function at(t: number, fn: () => void): void {
  setTimeout(fn, Math.max(0, t - performance.now()));
}

/**
 * Drives the load (`run` calls back when its clock starts) and meters the server's CPU over the
 * measured window, warm-up excluded; returns when the window is over and late frames are in.
 */
async function measure(o: Options, gen: LoadGen, target: Target, run: (onStart: (t0: number) => void) => Promise<unknown>) {
  const cpu = cpuMeter(target.child.pid);
  let m0 = 0, m1 = 0;
  await run((t0) => {
    m0 = t0 + o.warmup * 1000;
    m1 = m0 + o.duration * 1000;
    at(m0, () => cpu.start());
    at(m1, () => cpu.stop());
  });
  await Bun.sleep(Math.max(0, m1 - performance.now()));
  await gen.drain(5000);
  return { cpu, m0, m1 };
}

function save(name: string, result: unknown): void {
  const dir = join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`(figures saved to ${file.slice(ROOT.length + 1)})`);
}

const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");

// ---- open loop ---------------------------------------------------------------------------------

async function openLoop(o: Options): Promise<number> {
  if (o.rate > SERVER_RATE_LIMIT * 0.9) console.warn(`warning: --rate ${o.rate} is near the server's limit of ${SERVER_RATE_LIMIT} frames/s per socket`);
  header(o, `open loop: ${o.visitors} visitors × ${o.rate} msg/s, ${o.agents} agents, ${o.duration} s measured after ${o.warmup} s warm-up`);
  const target = await startParley(o.server, o.agents, o.profile ?? undefined);
  console.log(`server: ${target.name}, pid ${target.child.pid}`);
  const rss = new RssSampler(target.child.pid);
  const gen = new LoadGen(target, o.client);
  try {
    await gen.connectAgents();
    await gen.connectVisitors(o.visitors);
    console.log(`connected ${gen.agents.length} agents and ${gen.visitors.length} visitors; sending…`);
    const { cpu, m0, m1 } = await measure(o, gen, target, (onStart) => gen.openLoop(o.rate, o.warmup + o.duration, onStart));
    target.child.assertAlive();
    rss.stop();
    const hwm = memoryOf(target.child.pid).hwm;

    const measured = gen.scheduledIn(m0, m1);
    const lat: number[] = [], fromSent: number[] = [], ackLat: number[] = [], lag: number[] = [];
    let lost = 0, unacked = 0;
    for (const i of measured) {
      const s = gen.sched.data[i]!;
      lag.push(gen.sent.data[i]! - s);
      if (gen.deliv.data[i]) {
        lat.push(gen.deliv.data[i]! - s);
        fromSent.push(gen.deliv.data[i]! - gen.sent.data[i]!);
      } else lost++;
      if (gen.ack.data[i]) ackLat.push(gen.ack.data[i]! - s);
      else unacked++;
    }
    const L = summarise(Float64Array.from(lat));
    const A = summarise(Float64Array.from(ackLat));
    const G = summarise(Float64Array.from(lag));
    const S = summarise(Float64Array.from(fromSent));
    const deliveredPerSec = gen.countIn(gen.deliv, m0, m1) / o.duration;
    const conversations = gen.visitors.filter((v) => v.conversationId).length;

    console.log(`conversations open: ${conversations} (one per visitor; created during warm-up)`);
    console.log(`offered: ${(o.visitors * o.rate).toFixed(0)} msgs/s · delivered to agents: ${deliveredPerSec.toFixed(1)} msgs/s`);
    console.log(`messages in the measured ${o.duration} s: ${measured.length} scheduled, ${measured.length - lost} delivered, ${lost} lost, ${gen.duplicates} duplicate deliveries`);
    console.log(`visitor→agent latency (scheduled send → agent receipt): ${formatSummary(L)}`);
    console.log(`visitor ack latency (scheduled send → ack):           ${formatSummary(A)}`);
    console.log(`  of which generator send lag (scheduled → written): p50 ${ms(G.p50)} ms · p99 ${ms(G.p99)} ms · max ${ms(G.max)} ms`);
    console.log(`  from the actual write (server + loopback only):   ${formatSummary(S)}`);
    console.log(`acks received: ${measured.length - unacked}/${measured.length} measured (${gen.acked}/${gen.issued} in the whole run)`);
    console.log(`errors: ${errorsLine(gen)}`);
    const plan = openForVisitorPlan(target.dataDir);
    console.log(`server: peak RSS ${mb(rss.peak)} (100 ms samples; VmHWM ${mb(hwm)}); per-message lookup: ${plan}`);
    console.log(cpu.line);
    // A duplicate delivery is a message an agent got twice, or that reached an agent who does not serve its chat.
    const ok = L.p99 <= 10 && lost === 0 && gen.duplicates === 0 && gen.errorCount === 0;
    console.log(`target p99 ≤ 10 ms at ${o.visitors} conversations × ${o.rate} msg/s, nothing lost, nothing delivered twice, no errors: ${pass(ok)}`);
    const result = { mode: "open", date: new Date().toISOString(), cores: cores(), options: o, server: target.name, deliveredPerSec, latency: L, latencyFromWrite: S, ackLatency: A, sendLag: G, lost, duplicates: gen.duplicates, errors: Object.fromEntries(gen.errors), peakRss: rss.peak, hwm, serverCpu: cpu.server, generatorCpu: cpu.generator, otherCpu: cpu.other, openForVisitorPlan: plan, pass: ok };
    if (o.json) console.log(JSON.stringify(result));
    save("load-open", result);
    return ok ? 0 : 4;
  } finally {
    rss.stop();
    gen.close();
    await target.stop();
  }
}

// ---- saturation --------------------------------------------------------------------------------

interface SatResult {
  name: string;
  throughput: number;
  acksPerSec: number;
  latency: ReturnType<typeof summarise>;
  serverCpu: number;
  generatorCpu: number;
  otherCpu: number;
  peakRss: number;
  pacingBound: boolean;
  errors: Record<string, number>;
  lost: number;
  /** messages an agent got twice, or that reached an agent who does not serve the chat */
  duplicates: number;
}

async function saturateOne(o: Options, target: Target): Promise<SatResult> {
  console.log(`\n-- ${target.name}, pid ${target.child.pid}`);
  const rss = new RssSampler(target.child.pid);
  const gen = new LoadGen(target, o.client);
  try {
    await gen.connectAgents();
    await gen.connectVisitors(o.visitors);
    // One message per visitor first: it opens (and routes) the conversation.
    await gen.openLoop(1, 1);
    await gen.drain(15_000);
    const { cpu, m0, m1 } = await measure(o, gen, target, (onStart) => gen.closedLoop(o.window, PACING_GAP_MS, o.warmup + o.duration, onStart));
    target.child.assertAlive();
    rss.stop();
    const throughput = gen.countIn(gen.deliv, m0, m1) / o.duration;
    const acksPerSec = gen.countIn(gen.ack, m0, m1) / o.duration;
    const measured = gen.scheduledIn(m0, m1);
    const lat: number[] = [];
    let lost = 0;
    for (const i of measured) {
      if (gen.deliv.data[i]) lat.push(gen.deliv.data[i]! - gen.sched.data[i]!);
      else lost++;
    }
    const latency = summarise(Float64Array.from(lat));
    const cap = o.visitors * (1000 / PACING_GAP_MS);
    const pacingBound = throughput > 0.9 * cap;
    console.log(`delivered to agents: ${throughput.toFixed(0)} msgs/s (acks ${acksPerSec.toFixed(0)}/s) with ${o.visitors} visitors × window ${o.window}`);
    console.log(`latency at saturation (closed loop, send → agent): ${formatSummary(latency)}`);
    console.log(`${cpu.line} · server peak RSS ${mb(rss.peak)}`);
    console.log(`lost: ${lost} · delivered twice: ${gen.duplicates} · errors: ${errorsLine(gen)}`);
    if (!target.protocol && target.siteKey !== "bare") console.log(`per-message lookup (conversations.openForVisitor): ${openForVisitorPlan(target.dataDir)}`);
    if (pacingBound)
      console.log(`note: within 10 % of the pacing cap (${cap.toFixed(0)} msgs/s = visitors × 9.5/s, under the server's 10 frames/s per socket): raise --visitors`);
    return { name: target.name, throughput, acksPerSec, latency, serverCpu: cpu.server, generatorCpu: cpu.generator, otherCpu: cpu.other, peakRss: rss.peak, pacingBound, errors: Object.fromEntries(gen.errors), lost, duplicates: gen.duplicates };
  } finally {
    rss.stop();
    gen.close();
    await target.stop();
  }
}

async function saturate(o: Options): Promise<number> {
  header(o, `saturation: closed loop, ${o.visitors} visitors (window ${o.window}, ≤ 9.5 msgs/s each), ${o.agents} agents, ${o.duration} s measured after ${o.warmup} s warm-up`);
  console.log("each visitor sends its next message when the previous one is acknowledged; the same generator drives the bare relay and the Socket.IO peer");
  const starters = { parley: () => startParley(o.server, o.agents, o.profile ?? undefined), bare: () => startBare(o.agents), peer: () => startSocketIoPeer(o.agents) };
  if (o.webhooks) {
    const { ok, result } = await withWebhooks({ ...o, webhooks: o.webhooks }, (target) => saturateOne(o, target));
    if (o.json) console.log(JSON.stringify(result));
    save("load-webhooks", result);
    return ok ? 0 : 4;
  }
  if (o.bannedWords > 0) return withConfiguredLists(o);
  if (o.only) {
    await saturateOne(o, await starters[o.only]());
    return 0;
  }
  // Alternating rounds: a slow spell of the machine hits every contender, and the medians drop it.
  const withPeer = !o.noPeer;
  const parleys: SatResult[] = [];
  const bares: SatResult[] = [];
  const peers: SatResult[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    if (o.rounds > 1) console.log(`\n== round ${round} of ${o.rounds}`);
    parleys.push(await saturateOne(o, await starters.parley()));
    bares.push(await saturateOne(o, await starters.bare()));
    if (withPeer) peers.push(await saturateOne(o, await starters.peer()));
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
  const median = (rs: SatResult[]) => [...rs].sort((a, b) => a.throughput - b.throughput)[(rs.length - 1) >> 1]!;
  /** messages per second of server CPU: what one core of the server turns into messages */
  const perCpu = (r: SatResult) => r.throughput / Math.max(0.01, r.serverCpu / 100);
  // Each round's runs are minutes apart: their ratio cancels the machine's drift, and the verdict is the median of those.
  const ratiosTo = (others: SatResult[], f: (r: SatResult) => number) => parleys.map((p, i) => f(p) / f(others[i]!));
  const pct = (r: number) => `${(r * 100).toFixed(0)} %`;
  const each = (rs: SatResult[]) => rs.map((r) => r.throughput.toFixed(0)).join(", ");
  const cpuEach = (rs: SatResult[]) => rs.map((r) => perCpu(r).toFixed(0)).join(", ");
  const vsBare = ratiosTo(bares, (r) => r.throughput);
  const ratio = mid(vsBare);
  console.log("\n== result");
  console.log(`msgs/s per round      Parley ${each(parleys)} · bare relay ${each(bares)}${withPeer ? ` · Socket.IO peer ${each(peers)}` : ""}`);
  console.log(`msgs per server CPU s Parley ${cpuEach(parleys)} · bare relay ${cpuEach(bares)}${withPeer ? ` · Socket.IO peer ${cpuEach(peers)}` : ""}`);
  console.log(`Parley / bare relay: per round ${vsBare.map(pct).join(", ")}; median ${pct(ratio)} (per CPU second: median ${pct(mid(ratiosTo(bares, perCpu)))})`);
  let vsPeer = NaN, vsPeerCpu = NaN;
  if (withPeer) {
    vsPeer = mid(ratiosTo(peers, (r) => r.throughput));
    vsPeerCpu = mid(ratiosTo(peers, perCpu));
    console.log(`Parley / Socket.IO peer: median ${vsPeer.toFixed(2)}× in msgs/s, ${vsPeerCpu.toFixed(2)}× per server CPU second`);
  }
  for (const r of [median(parleys), median(bares), ...(withPeer ? [median(peers)] : [])]) {
    const who = r.name.split(" (")[0];
    if (r.otherCpu > 30) console.log(`note: during the ${who} run other work used ${r.otherCpu.toFixed(0)} % of a core beyond server and generator (kernel networking, or other processes): on a busy machine figures are low; rerun when it is quiet`);
    else if (r.serverCpu < 85 && !r.pacingBound) console.log(`note: the ${who} server used ${r.serverCpu.toFixed(0)} % of a core at "saturation" (generator ${r.generatorCpu.toFixed(0)} %): it was not the only limit, so its figure is a lower bound`);
  }
  // Throughput bought by losing, repeating or misdelivering messages does not count.
  const clean = parleys.every((r) => r.lost === 0 && r.duplicates === 0 && Object.keys(r.errors).length === 0);
  const targets: [string, boolean][] = [
    ["Parley ≥ 100 % of the bare relay (median of the rounds' ratios)", ratio >= 1],
    ...(withPeer ? ([["Parley ≥ 3× the Socket.IO peer in msgs/s", vsPeer >= 3], ["Parley ≥ 2× the Socket.IO peer per server CPU second", vsPeerCpu >= 2]] as [string, boolean][]) : []),
    ["nothing lost, delivered twice or refused in Parley's runs", clean],
  ];
  for (const [what, ok] of targets) console.log(`target ${what}: ${pass(ok)}`);
  const ok = targets.every(([, t]) => t);
  const result = { mode: "saturate", date: new Date().toISOString(), cores: cores(), options: o, parley: median(parleys), bare: median(bares), peer: withPeer ? median(peers) : null, rounds: { parley: parleys, bare: bares, peer: peers }, ratio, vsPeer, vsPeerCpu, pass: ok };
  if (o.json) console.log(JSON.stringify(result));
  save("load-saturate", result);
  return ok ? 0 : 4;
}

/**
 * Issue 16's benchmark: Parley with N banned words (and N quick replies, where that table exists)
 * against Parley without them, in alternating rounds of the same saturation run; the verdict is
 * the median of the rounds' ratios (the machine's drift between rounds cancels in each ratio).
 */
async function withConfiguredLists(o: Options): Promise<number> {
  const n = o.bannedWords;
  let seeded = { words: 0, quickReplies: 0 };
  const configured = () => startParley(o.server, o.agents, o.profile ?? undefined, (dir) => (seeded = seedConfiguredLists(dir, n)));
  const plain = () => startParley(o.server, o.agents, o.profile ?? undefined);
  if (o.server === "dist") console.log("note: dist/parley is used as built; after changing the source run `bun run build` (or pass --server source)");
  const withLists: SatResult[] = [];
  const without: SatResult[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    console.log(`\n== round ${round} of ${o.rounds}`);
    // Which goes first alternates too, so neither always meets the machine in the same state.
    if (round % 2) {
      withLists.push(await saturateOne(o, await configured()));
      without.push(await saturateOne(o, await plain()));
    } else {
      without.push(await saturateOne(o, await plain()));
      withLists.push(await saturateOne(o, await configured()));
    }
  }
  const ratios = withLists.map((r, i) => r.throughput / without[i]!.throughput);
  const ratio = [...ratios].sort((a, b) => a - b)[(ratios.length - 1) >> 1]!;
  const p99 = (rs: SatResult[]) => rs.map((r) => ms(r.latency.p99)).join(", ");
  console.log("\n== result");
  console.log(`configured: ${seeded.words} banned words (mask), ${seeded.quickReplies} quick replies${seeded.quickReplies ? "" : " (no quick_replies table yet)"}`);
  console.log(`msgs/s per round      with ${withLists.map((r) => r.throughput.toFixed(0)).join(", ")} · without ${without.map((r) => r.throughput.toFixed(0)).join(", ")}`);
  console.log(`p99 at saturation, ms with ${p99(withLists)} · without ${p99(without)}`);
  console.log(`with / without: per round ${ratios.map((r) => `${(r * 100).toFixed(1)} %`).join(", ")}; median ${(ratio * 100).toFixed(1)} %`);
  // On a shared machine the server gets what other processes leave: messages per second of server CPU says more then.
  const perCpu = (r: SatResult) => r.throughput / Math.max(0.01, r.serverCpu / 100);
  const cpuRatios = withLists.map((r, i) => perCpu(r) / perCpu(without[i]!));
  console.log(`per server CPU second: with ${withLists.map((r) => perCpu(r).toFixed(0)).join(", ")} · without ${without.map((r) => perCpu(r).toFixed(0)).join(", ")}; ratio median ${(([...cpuRatios].sort((a, b) => a - b)[(cpuRatios.length - 1) >> 1]!) * 100).toFixed(1)} %`);
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(2)).join(", ")} at the end`);
  const clean = [...withLists, ...without].every((r) => r.lost === 0 && r.duplicates === 0 && Object.keys(r.errors).length === 0);
  const ok = ratio >= 0.95 && clean;
  console.log(`target with ${n} banned words and quick replies ≥ 95 % of the run without (median of the rounds' ratios), nothing lost or refused: ${pass(ok)}`);
  const result = { mode: "saturate-configured", date: new Date().toISOString(), cores: cores(), options: o, seeded, rounds: { with: withLists, without }, ratios, ratio, pass: ok };
  if (o.json) console.log(JSON.stringify(result));
  save("load-configured", result);
  return ok ? 0 : 4;
}

// ---- idle sockets ------------------------------------------------------------------------------

async function idle(o: Options): Promise<number> {
  const need = o.idle + 200;
  const limit = fdLimit();
  if (limit < need) {
    console.error(`this needs ~${need} open files in one process but ulimit -n is ${limit}; run:  ulimit -n ${Math.max(need, 20000)} && bun bench/load.ts --idle ${o.idle}`);
    return 2;
  }
  // One source address has ~28,000 ephemeral ports towards the server's port: spread over enough.
  const sources = o.sources || Math.ceil(o.idle / 20_000);
  if (sources > 1) for (let i = 1; i <= sources; i++) sourceAddresses.push(`127.0.0.${i}`);
  header(o, `idle: ${o.idle} visitor sockets that said hello and wait${sources > 1 ? `, from ${sources} loopback source addresses` : ""}`);
  const target = await startParley(o.server, 1, o.profile ?? undefined);
  console.log(`server: ${target.name}, pid ${target.child.pid}`);
  const rss = new RssSampler(target.child.pid);
  const gen = new LoadGen(target, o.client);
  try {
    await gen.connectAgents();
    await Bun.sleep(1000);
    const base = memoryOf(target.child.pid).rss;
    const t = performance.now();
    await gen.connectVisitors(o.idle, 500, (n) => n % 2500 === 0 && console.log(`  ${n} visitors connected (server RSS ${mb(rss.sample())})`));
    const connectS = (performance.now() - t) / 1000;
    const hold = 10;
    await Bun.sleep(hold * 1000);
    target.child.assertAlive();
    const held = memoryOf(target.child.pid);
    rss.stop();
    const perSocket = (held.rss - base) / o.idle;
    console.log(`connected ${o.idle} visitors in ${connectS.toFixed(1)} s (${(o.idle / connectS).toFixed(0)} hellos/s); held ${hold} s`);
    console.log(`server RSS: ${mb(base)} before → ${mb(held.rss)} holding ${o.idle} sockets (peak ${mb(Math.max(rss.peak, held.rss))}, VmHWM ${mb(held.hwm)}); ≈ ${(perSocket / 1024).toFixed(1)} KB per socket`);
    console.log(`errors: ${errorsLine(gen)}`);
    const peak = Math.max(rss.peak, held.rss);
    const ok = o.idle < 10_000 ? null : peak <= 400 * 1024 * 1024 && gen.errorCount === 0;
    if (ok !== null) console.log(`target RSS ≤ 400 MB with ${o.idle >= 50_000 ? "50,000" : "10,000"} idle visitor sockets: ${pass(ok)} (peak ${mb(peak)}; ${Math.round((peak - base) / o.idle)} bytes per socket at the peak, ${Math.round(perSocket)} held)`);
    const result = { mode: "idle", date: new Date().toISOString(), cores: cores(), options: o, server: target.name, baseRss: base, heldRss: held.rss, peakRss: peak, hwm: held.hwm, perSocket, connectSeconds: connectS, errors: Object.fromEntries(gen.errors), pass: ok };
    if (o.json) console.log(JSON.stringify(result));
    save("load-idle", result);
    return ok === false ? 4 : 0;
  } finally {
    rss.stop();
    gen.close();
    await target.stop();
  }
}

// ---- main --------------------------------------------------------------------------------------

runMain(async () => {
  const o = parseOptions(process.argv.slice(2));
  // Every mode stops by itself; this is the backstop.
  const budget = 60 + (o.mode === "idle" ? 300 : o.mode === "saturate" ? 3 * o.rounds * (o.warmup + o.duration + 60) + 240 : o.warmup + o.duration + 180);
  deadline(budget);
  await waitQuiet();
  if (o.mode === "saturate") return saturate(o);
  if (o.mode === "idle") return idle(o);
  return openLoop(o);
});
