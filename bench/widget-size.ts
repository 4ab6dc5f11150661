// The widget's weight on customers' pages: builds the widget bundles (scripts/build-widget.ts) and
// prints each one's size and gzip -9 size against its budget.
//
//   bun bench/widget-size.ts
import { gzipSync } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, ROOT, runMain } from "./lib/proc";

const BUDGETS = [
  { file: "widget.js", what: "loader (on every page of the site)", budget: 4 * 1024 },
  { file: "widget-window.js", what: "chat window (loaded on open)", budget: 25 * 1024 },
];

runMain(async () => {
  // The build script exits 1 when a bundle is over budget; the sizes are reported here either way.
  const build = Bun.spawnSync([BUN, join(ROOT, "scripts/build-widget.ts"), "widget"], { cwd: ROOT });
  if (build.exitCode !== 0 && !build.stderr.toString().includes("over budget")) throw new Error(`widget build failed:\n${build.stderr}${build.stdout}`);
  console.log(`\n== widget size (bun scripts/build-widget.ts widget; gzip level 9, as the build checks it)`);
  let ok = true;
  for (const b of BUDGETS) {
    const bytes = readFileSync(join(ROOT, "static/build", b.file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    const pass = gz <= b.budget;
    ok &&= pass;
    console.log(
      `${b.file.padEnd(17)} ${b.what.padEnd(36)} ${String(bytes.length).padStart(7)} B raw  ${String(gz).padStart(6)} B gzipped  ` +
        `budget ${b.budget} B (${((100 * gz) / b.budget).toFixed(0)} %): ${pass ? "PASS" : "FAIL"}`,
    );
  }
  return ok ? 0 : 4;
});
