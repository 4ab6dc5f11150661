// Preloaded into a server by bench/socket-heap.ts (`bun --preload`): on SIGUSR2 it collects fully
// and writes the process's RSS, the JavaScript heap's size and capacity, and the heap's bytes and
// objects per class (from a heap snapshot) to the file named by PARLEY_HEAP_REPORT.
import { heapStats } from "bun:jsc";
import { readFileSync, writeFileSync } from "node:fs";

export interface HeapReport {
  rss: number;
  heapSize: number;
  heapCapacity: number;
  /** class → [objects, bytes] */
  classes: Record<string, [number, number]>;
}

const out = process.env.PARLEY_HEAP_REPORT;
if (out)
  process.on("SIGUSR2", () => {
    Bun.gc(true);
    // Before the snapshot, which is itself a large allocation.
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) * 1024;
    const stats = heapStats();
    // JSC's snapshot: nodes are [id, size, class name index, flags] in a flat array.
    const snap = Bun.generateHeapSnapshot() as unknown as { nodes: number[]; nodeClassNames: string[] };
    const classes: Record<string, [number, number]> = {};
    for (let i = 0; i < snap.nodes.length; i += 4) {
      const c = (classes[snap.nodeClassNames[snap.nodes[i + 2]!]!] ??= [0, 0]);
      c[0]++;
      c[1] += snap.nodes[i + 1]!;
    }
    writeFileSync(out, JSON.stringify({ rss, heapSize: stats.heapSize, heapCapacity: stats.heapCapacity, classes } satisfies HeapReport));
  });
