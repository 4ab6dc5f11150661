// Child processes of a benchmark: every one is tracked and killed when the benchmark ends, however
// it ends (normal exit, error, Ctrl-C, deadline). Also: /proc readers for RSS and CPU time.
import type { Subprocess } from "bun";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "../..");
export const BUN = process.execPath;

const children = new Set<Subprocess>();
const tempDirs = new Set<string>();

function killAll(): void {
  for (const c of children) {
    try {
      c.kill("SIGKILL");
    } catch {}
  }
  children.clear();
  for (const d of tempDirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {}
  }
  tempDirs.clear();
}

process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the servers this benchmark started`);
    killAll();
    process.exit(130);
  });
}
process.on("uncaughtException", (e) => {
  console.error("benchmark failed:", e);
  killAll();
  process.exit(1);
});
process.on("unhandledRejection", (e) => {
  console.error("benchmark failed:", e);
  killAll();
  process.exit(1);
});

/** Ends the benchmark (and its servers) if it runs longer than this: no run may hang. */
export function deadline(seconds: number): void {
  setTimeout(() => {
    console.error(`benchmark deadline of ${seconds} s passed: stopping`);
    killAll();
    process.exit(3);
  }, seconds * 1000).unref();
}

/** Runs main; any failure prints, kills the children and exits non-zero. */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      killAll();
      process.exit(code ?? 0);
    },
    (e) => {
      console.error("benchmark failed:", e instanceof Error ? e.message : e);
      killAll();
      process.exit(1);
    },
  );
}

export function tempDir(prefix = "parley-bench-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

export function removeDir(d: string): void {
  tempDirs.delete(d);
  rmSync(d, { recursive: true, force: true });
}

/** A long-running child (a server) whose output is kept (last 64 KB) for error messages. */
export interface Child {
  pid: number;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  output(): string;
  exited: Promise<number>;
  /** throws when the process has ended (a server must not die during a benchmark) */
  assertAlive(): void;
  stop(): Promise<void>;
}

export function spawnChild(cmd: string[], env: Record<string, string> = {}): Child {
  const proc = Bun.spawn(cmd, { cwd: ROOT, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  children.add(proc);
  let out = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      out += dec.decode(value, { stream: true });
      if (out.length > 128 * 1024) out = out.slice(-64 * 1024);
    }
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  return {
    pid: proc.pid,
    proc,
    output: () => out.slice(-64 * 1024),
    exited: proc.exited,
    assertAlive() {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`${cmd[0]} (pid ${proc.pid}) died during the run (${proc.signalCode ?? `exit ${proc.exitCode}`}):\n${out.slice(-4000)}`);
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        const done = await Promise.race([proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
        if (!done) {
          proc.kill("SIGKILL");
          await proc.exited;
        }
      }
      children.delete(proc);
    },
  };
}

/** Runs a short command to completion; throws with its output when it fails. */
export async function run(cmd: string[]): Promise<string> {
  const proc = Bun.spawn(cmd, { cwd: ROOT, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  children.add(proc);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  children.delete(proc);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}:\n${stderr}${stdout}`);
  return stdout;
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

/** Polls GET /healthz until it answers 200. */
export async function waitHealthy(port: number, child: Child | null, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child && child.proc.exitCode !== null) throw new Error(`server exited with ${child.proc.exitCode} before it was healthy:\n${child.output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return;
    } catch {}
    await Bun.sleep(everyMs);
  }
  throw new Error(`server on port ${port} not healthy after ${timeoutMs} ms:\n${child?.output() ?? ""}`);
}

// ---- /proc -------------------------------------------------------------------------------------

/** VmRSS and VmHWM (peak RSS as the kernel saw it) of a process, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  let s: string;
  try {
    s = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return { rss: NaN, hwm: NaN }; // the process is gone
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64/arm64

/** User + system CPU seconds a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return NaN; // the process is gone
  }
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields after the command: state is [0], utime is field 14 overall → [11], stime → [12]
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** Busy CPU seconds of the whole machine (all cores) so far, from /proc/stat. */
export function machineBusySeconds(): number {
  const f = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / CLK_TCK;
}

/** CPU seconds this process has used (user + system). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Samples a process's RSS every 100 ms; `peak` is the highest sample since start or reset. */
export class RssSampler {
  peak = 0;
  last = 0;
  private timer: ReturnType<typeof setInterval>;

  constructor(private pid: number, everyMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): number {
    try {
      this.last = memoryOf(this.pid).rss;
      if (this.last > this.peak) this.peak = this.last;
    } catch {}
    return this.last;
  }

  reset(): void {
    this.peak = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export function cores(): number {
  return navigator.hardwareConcurrency;
}

export function fdLimit(): number {
  const r = Bun.spawnSync(["sh", "-c", "ulimit -n"]);
  const v = r.stdout.toString().trim();
  return v === "unlimited" ? Infinity : Number(v);
}

export const DIST = join(ROOT, "dist/parley");

/** Builds dist/parley when it is missing (or when asked). */
export async function ensureDist(rebuild = false): Promise<void> {
  if (!rebuild && existsSync(DIST)) return;
  console.log(rebuild ? "building dist/parley (bun run build)…" : "dist/parley is missing: building it (bun run build)…");
  await run([BUN, join(ROOT, "scripts/build.ts")]);
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
