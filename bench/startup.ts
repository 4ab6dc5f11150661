// Cold start of the executable: spawn `dist/parley serve` and poll GET /healthz every 5 ms until the
// first 200; repeated on a fresh (empty) data directory — migrations run — and on an initialised
// one. Then the idle RSS one second after the first 200.
//
//   bun bench/startup.ts [--runs 10] [--build]      (--build rebuilds dist/parley first)
import { parseArgs } from "node:util";
import { cores, cpuSecondsOf, deadline, DIST, ensureDist, freePort, machineBusySeconds, mb, memoryOf, ownCpuSeconds, removeDir, run, runMain, spawnChild, tempDir } from "./lib/proc";
import { describeServer, PASSWORD } from "./lib/targets";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, build: { type: "boolean", default: false } } });
const RUNS = Number(values.runs);

interface Start {
  ms: number;
  rss: number;
  hwm: number;
  /** CPU seconds the server used from spawn to the RSS reading */
  cpu: number;
}

async function startOnce(dataDir: string): Promise<Start> {
  const port = freePort();
  const t0 = performance.now();
  const child = spawnChild([DIST, "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dataDir, "--quiet"]);
  let ms = NaN;
  try {
    for (;;) {
      if (child.proc.exitCode !== null) throw new Error(`dist/parley exited with ${child.proc.exitCode}:\n${child.output()}`);
      if (performance.now() - t0 > 10_000) throw new Error(`no 200 from /healthz within 10 s:\n${child.output()}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) {
          ms = performance.now() - t0;
          break;
        }
      } catch {}
      await Bun.sleep(5);
    }
    await Bun.sleep(1000);
    const m = memoryOf(child.pid);
    return { ms, rss: m.rss, hwm: m.hwm, cpu: cpuSecondsOf(child.pid) };
  } finally {
    await child.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

runMain(async () => {
  deadline(120 + RUNS * 10);
  await ensureDist(values.build);
  console.log(`\n== cold start: ${describeServer("dist")}, ${RUNS} runs per case`);
  console.log(`machine: ${cores()} cores, bun ${Bun.version}; timed from spawn to the first 200 from /healthz (polled every 5 ms), page cache warm after run 1`);

  const initialised = tempDir();
  await run([DIST, "init", "--company", "Bench", "--email", "admin@bench.test", "--password", PASSWORD, "--data", initialised]);

  const cases: { name: string; runs: Start[] }[] = [
    { name: "fresh data dir (creates the database, runs migrations)", runs: [] },
    { name: "initialised data dir", runs: [] },
  ];
  // Interleaved, so that neither case gets all the warm (or cold) moments.
  const m0 = machineBusySeconds(), own0 = ownCpuSeconds(), t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const fresh = tempDir();
    cases[0]!.runs.push(await startOnce(fresh));
    removeDir(fresh);
    cases[1]!.runs.push(await startOnce(initialised));
  }

  const servers = cases.flatMap((c) => c.runs).reduce((a, r) => a + r.cpu, 0);
  const other = (100 * (machineBusySeconds() - m0 - (ownCpuSeconds() - own0) - servers)) / ((performance.now() - t0) / 1000);
  console.log(`other processes used ~${Math.max(0, other).toFixed(0)} % of a core meanwhile${other > 20 ? " — the machine was busy: rerun when it is quiet" : ""}`);

  let ok = true;
  for (const c of cases) {
    const t = c.runs.map((r) => r.ms);
    const rss = c.runs.map((r) => r.rss);
    const maxT = Math.max(...t);
    const maxRss = Math.max(...rss);
    console.log(`\n${c.name}:`);
    console.log(`  start to first 200: median ${median(t).toFixed(0)} ms · max ${maxT.toFixed(0)} ms · min ${Math.min(...t).toFixed(0)} ms  [${t.map((x) => x.toFixed(0)).join(", ")}]`);
    console.log(`  idle RSS 1 s after start: median ${mb(median(rss))} · max ${mb(maxRss)} (VmHWM max ${mb(Math.max(...c.runs.map((r) => r.hwm)))})`);
    ok &&= maxT <= 300 && maxRss <= 80 * 1024 * 1024;
    console.log(`  target ≤ 300 ms: ${maxT <= 300 ? "PASS" : median(t) <= 300 ? "PASS (median; max over)" : "FAIL"} · target idle RSS ≤ 80 MB: ${maxRss <= 80 * 1024 * 1024 ? "PASS" : "FAIL"}`);
  }
  return ok ? 0 : 4;
});
