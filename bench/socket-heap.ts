// What an idle visitor socket costs the server, and where: RSS, the JavaScript heap (live and the
// capacity the collector keeps), and the heap's bytes per socket by class, each after a full
// collection, before and after N visitors connect and say hello. A diagnosis for the idle-socket
// figures (bench/load.ts --idle), no target. `--bare` measures the bare relay instead.
//
//   bun bench/socket-heap.ts [N=5000] [--bare]
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { LoadGen } from "./lib/loadgen";
import type { HeapReport } from "./lib/heap-report";
import { BUN, ROOT, deadline, freePort, removeDir, runMain, spawnChild, tempDir, waitHealthy } from "./lib/proc";
import { LOOPBACK_LOAD_ENV, PASSWORD, initData, login, parleyCommand, type Target } from "./lib/targets";

runMain(async () => {
  deadline(240);
  const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
  const bare = process.argv.includes("--bare");
  const report = join(tempDir("parley-heap-"), "report.json");
  const preload = ["--preload", join(ROOT, "bench/lib/heap-report.ts")];
  const env = { ...LOOPBACK_LOAD_ENV, PARLEY_HEAP_REPORT: report };
  const port = freePort();
  let target: Target;
  if (bare) {
    const dataDir = tempDir("parley-bare-");
    const child = spawnChild([BUN, ...preload, join(ROOT, "bench/bare-relay.ts"), "--port", String(port), "--data", dataDir], env);
    await waitHealthy(port, child);
    target = { name: "bare relay", port, child, siteKey: "bare", dataDir, agentHeaders: [{}], stop: async () => (await child.stop(), removeDir(dataDir)) };
  } else {
    const { dataDir, siteKey, emails } = await initData("source", 1);
    const child = spawnChild([...parleyCommand("source", preload), "serve", "--port", String(port), "--host", "127.0.0.1", "--data", dataDir, "--quiet"], env);
    await waitHealthy(port, child);
    target = { name: "parley (source)", port, child, siteKey, dataDir, agentHeaders: [{ cookie: await login(port, emails[0]!, PASSWORD) }], stop: async () => (await child.stop(), removeDir(dataDir)) };
  }
  const take = async (): Promise<HeapReport> => {
    rmSync(report, { force: true });
    process.kill(target.child.pid!, "SIGUSR2");
    for (let i = 0; i < 100 && !existsSync(report); i++) await Bun.sleep(100);
    await Bun.sleep(200);
    return JSON.parse(readFileSync(report, "utf8"));
  };
  const gen = new LoadGen(target, "raw");
  try {
    await gen.connectAgents();
    await Bun.sleep(1000);
    const before = await take();
    await gen.connectVisitors(n, 500);
    await Bun.sleep(12_000); // hello timers fire and go
    const after = await take();
    const per = (a: number, b: number) => ((b - a) / n).toFixed(0).padStart(6);
    console.log(`${target.name}: ${n} idle visitor sockets, per socket after a full collection`);
    console.log(`  RSS ${per(before.rss, after.rss)} B · JS heap live ${per(before.heapSize, after.heapSize)} B · JS heap capacity ${per(before.heapCapacity, after.heapCapacity)} B`);
    console.log("  live heap by class (bytes · objects per socket):");
    const rows = Object.entries(after.classes)
      .map(([c, [objects, bytes]]) => [c, (bytes - (before.classes[c]?.[1] ?? 0)) / n, (objects - (before.classes[c]?.[0] ?? 0)) / n] as const)
      .filter(([, bytes]) => Math.abs(bytes) >= 8)
      .sort((a, b) => b[1] - a[1]);
    for (const [c, bytes, objects] of rows) console.log(`    ${c.padEnd(28)} ${bytes.toFixed(0).padStart(6)} B  ${objects.toFixed(2).padStart(6)}`);
  } finally {
    gen.close();
    await target.stop();
  }
});
