// Who may import whom (docs/architecture.md), checked on the source: every relative import of
// src/, views/ and widget/ is read and the rules below are applied. A new import in a forbidden
// direction fails here. The imports listed in KNOWN are the ones that existed when this test was
// written; the structure issue removes them, and an entry that no longer exists fails the test too,
// so the list can only shrink.
import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");

interface Edge {
  from: string;
  to: string;
  /** `import type`, or every name imported is a type: erased at build, so no runtime dependency */
  typeOnly: boolean;
}

function readEdges(): Edge[] {
  const edges: Edge[] = [];
  const files = [...new Glob("{common,src,views,widget}/**/*.{ts,tsx}").scanSync({ cwd: ROOT })];
  for (const from of files) {
    const text = readFileSync(`${ROOT}/${from}`, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+["'](\.[^"']+)["']/gm)) {
      const base = resolve(ROOT, dirname(from), m[3]!);
      const found = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((e) => base + e).find((p) => existsSync(p) && statSync(p).isFile());
      if (!found) continue;
      const names = m[2]!.trim();
      const typeOnly = !!m[1] || /^\{\s*(type\s+[\w$]+(\s+as\s+[\w$]+)?\s*,?\s*)+\}$/.test(names);
      edges.push({ from, to: relative(ROOT, found), typeOnly });
    }
  }
  return edges;
}

const area = (p: string) => (p.startsWith("src/") ? p.split("/")[1]!.replace(/\.tsx?$/, "") : p.split("/")[0]!);
const isRoutes = (p: string) => /(^|\/|-)routes\.tsx?$/.test(p);
/** The browser apps, each in one home: the widget (with the style page's preview, which reuses its parts) and the workspace. */
const APP_HOMES = ["widget/", "src/workspace/app/"];
const homeOf = (p: string) => APP_HOMES.find((h) => p.startsWith(h));
/** common/: what runs on both sides of the wire; anyone may import it, and it imports only itself */
const isCommon = (p: string) => p.startsWith("common/");

/** What src/db/ may import outside itself and the areas' schema files. */
const DB_MAY_IMPORT = ["src/paths.ts", "src/log.ts", "src/clock.ts", "src/one-per.ts"];

/** Each rule: a name, and whether an import breaks it. */
const RULES: [string, (e: Edge) => boolean][] = [
  ["common imports only common", (e) => isCommon(e.from) && !isCommon(e.to)],

  // Views take data and return markup: types from anywhere, strings from i18n, nothing that runs.
  ["views import no server code", (e) => e.from.startsWith("views/") && e.to.startsWith("src/") && !e.typeOnly && !e.to.startsWith("src/i18n/")],
  // A routes file is its area's HTTP wiring; other areas use the area's logic, not its routes.
  ["no area imports another area's routes", (e) => isRoutes(e.to) && area(e.from) !== area(e.to) && e.from !== "src/server.ts"],
  // The route table is started by the serve command, which main runs.
  ["nothing imports the server but the serve command", (e) => e.to === "src/server.ts" && e.from !== "src/cli/serve.ts"],
  // db/ knows no area's logic (it re-exports the areas' schema files); paths, the log and the clock are no area's,
  // nor is onePer (one thing per connection, as transaction.ts keeps its statements): a leaf that imports nothing (next rule).
  ["db imports no area's logic", (e) => e.from.startsWith("src/db/") && !e.to.startsWith("src/db/") && !/schema\.ts$/.test(e.to) && !e.typeOnly && !DB_MAY_IMPORT.includes(e.to)],
  ["onePer imports nothing (src/db may import it)", (e) => e.from === "src/one-per.ts"],
  // Routing's decision core is pure: state in, decision out.
  ["routing's decision core imports nothing that runs", (e) => e.from === "src/routing/decide.ts" && !e.typeOnly],
  // A browser app bundles only its own home and what is shared with the server on purpose (common/),
  // types included: the build checks the same (scripts/browser-app-home.ts).
  ["a browser app imports only its home and common", (e) => !!homeOf(e.from) && homeOf(e.from) !== homeOf(e.to) && !isCommon(e.to)],
];

/** Imports that broke a rule when this test was written; the structure issue (#11) removes them. */
const KNOWN = new Set<string>([]);

/** Strongly connected groups of files through imports that run (type-only imports are erased). */
function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("import directions", () => {
  const edges = readEdges();

  test("the scan sees the code (a broken scanner would pass everything)", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from === "src/server.ts" && e.to === "src/http/guard.ts")).toBe(true);
  });

  test("no import goes in a forbidden direction, beyond the known ones", () => {
    const broken: string[] = [];
    for (const e of edges) for (const [rule, breaks] of RULES) if (breaks(e) && !KNOWN.has(`${e.from} -> ${e.to}`)) broken.push(`${rule}: ${e.from} -> ${e.to}`);
    expect(broken).toEqual([]);
  });

  test("the known list holds only imports that still exist and still break a rule", () => {
    const stale = [...KNOWN].filter((k) => !edges.some((e) => `${e.from} -> ${e.to}` === k && RULES.some(([, breaks]) => breaks(e))));
    expect(stale).toEqual([]);
  });

  test("no import circles", () => {
    expect(cycles(edges)).toEqual([]);
  });

  test("the rules catch what they name (a forbidden import is found)", () => {
    const probe = (from: string, to: string, typeOnly = false) => RULES.filter(([, b]) => b({ from, to, typeOnly })).map(([r]) => r);
    expect(probe("widget/window/app.tsx", "src/db/client.ts")).toContain("a browser app imports only its home and common");
    expect(probe("src/workspace/app/store.ts", "widget/window/app.tsx")).toContain("a browser app imports only its home and common");
    expect(probe("src/workspace/app/model.ts", "src/routing/routes.ts", true)).toContain("a browser app imports only its home and common");
    expect(probe("src/cli/commands.ts", "src/server.ts")).toContain("nothing imports the server but the serve command");
    expect(probe("widget/window/app.tsx", "common/device.ts")).toEqual([]);
    expect(probe("views/login.tsx", "common/limits.ts")).toEqual([]);
    expect(probe("common/device.ts", "src/chat/device.ts")).toContain("common imports only common");
    expect(probe("widget/window/app.tsx", "common/protocol.ts", true)).toEqual([]);
    expect(probe("views/leads/leads-page.tsx", "src/leads/leads.ts")).toContain("views import no server code");
    expect(probe("src/leads/routes.ts", "src/sites/routes.ts")).toContain("no area imports another area's routes");
    expect(probe("src/db/transaction.ts", "src/one-per.ts")).toEqual([]);
    expect(probe("src/db/transaction.ts", "src/sites/sites.ts")).toContain("db imports no area's logic");
    expect(probe("src/one-per.ts", "src/log.ts")).toContain("onePer imports nothing (src/db may import it)");
    expect(cycles([{ from: "a", to: "b", typeOnly: false }, { from: "b", to: "a", typeOnly: false }])).toEqual([["a", "b"]]);
  });
});
