// Runs the parley command as its own process, as a user or a script would.
import { join } from "node:path";

const root = join(import.meta.dir, "../..");
export const MAIN = join(root, "src/main.ts");

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = Bun.spawn([process.execPath, MAIN, ...args], { stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

export interface ServeProcess {
  url: string;
  port: number;
  proc: ReturnType<typeof Bun.spawn>;
  /** Sends `signal`; a process still running `killAfterMs` later is killed, so no test hangs on it. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number>;
}

/** Starts `parley serve` on a free port and waits until /healthz answers. */
export async function serveProcess(dataDir: string, extra: string[] = [], command: string[] = [process.execPath, MAIN]): Promise<ServeProcess> {
  const proc = Bun.spawn([...command, "serve", "--port", "0", "--host", "127.0.0.1", "--data", dataDir, ...extra], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let out = "";
  const deadline = Date.now() + 15_000;
  let port = 0;
  while (!port) {
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${out}`);
    out += new TextDecoder().decode(value);
    const m = /localhost:(\d+)/.exec(out);
    if (m) port = Number(m[1]);
  }
  reader.releaseLock();
  const url = `http://127.0.0.1:${port}`;
  while ((await fetch(`${url}/healthz`).catch(() => null))?.status !== 200) await Bun.sleep(20);
  return {
    url,
    port,
    proc,
    async stop(signal = "SIGTERM", killAfterMs = 5000) {
      proc.kill(signal);
      const killer = setTimeout(() => proc.kill("SIGKILL"), killAfterMs);
      try {
        return await proc.exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
