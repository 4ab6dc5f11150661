// Builds the browser bundles (widget loader, widget window, workspace client) into static/build/
// and copies htmx into static/vendor/. Prints each bundle's size and fails when the widget is
// over its budget: the loader is on every page of every customer's site, so its weight is ours.
// Each bundle (and htmx) also gets its brotli and gzip copies (name.br, name.gz) at the best
// compression, which the server sends to clients that accept them (src/http/static.ts).
import { mkdirSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { encode } from "../src/http/compress";
import { join } from "node:path";
import { onlyFrom } from "./browser-app-home";

const root = join(import.meta.dir, "..");
const out = join(root, "static/build");
mkdirSync(out, { recursive: true });
mkdirSync(join(root, "static/vendor"), { recursive: true });

/** Writes path.br and path.gz (after the file, so the server knows them for its copies); returns their sizes. */
function precompress(path: string): { br: number; gzip: number } {
  const bytes = readFileSync(path);
  const sizes = { br: 0, gzip: 0 };
  for (const [encoding, ext] of [["br", ".br"], ["gzip", ".gz"]] as const) {
    const packed = encode(bytes, encoding, true);
    writeFileSync(path + ext, packed);
    sizes[encoding] = packed.length;
  }
  return sizes;
}

// Each browser app has one home; a bundle may take code only from its home, common/ (what runs on
// both sides of the wire) and node_modules. The build fails on anything else, so a browser app can
// never pull a server module (a database client, a secret) into a file that customers download.
const WIDGET = "widget/";
const WORKSPACE = "src/workspace/app/";
const bundles = [
  { entry: "widget/loader.ts", name: "widget.js", budget: 4096, format: "iife" as const, home: WIDGET },
  { entry: "widget/window/index.tsx", name: "widget-window.js", budget: 25 * 1024, format: "iife" as const, home: WIDGET },
  { entry: "src/workspace/app/main.tsx", name: "workspace.js", budget: 0, format: "esm" as const, home: WORKSPACE },
  // The admin's style page and its live preview frames (the real widget parts, no budget: admins only).
  { entry: "widget/style-page/style-page.ts", name: "style-page.js", budget: 0, format: "iife" as const, home: WIDGET },
  { entry: "widget/style-page/preview-frame.tsx", name: "style-preview.js", budget: 0, format: "iife" as const, home: WIDGET },
  // The account page's "turn on alerts on this device" (Web Push, src/push/).
  { entry: "src/workspace/app/push/account-page.ts", name: "push-enable.js", budget: 0, format: "esm" as const, home: WORKSPACE },
];


// `bun scripts/build-widget.ts widget` builds only the bundles whose name contains "widget".
const only = process.argv[2];
let failed = false;
for (const b of bundles.filter((x) => !only || x.name.includes(only))) {
  const result = await Bun.build({
    entrypoints: [join(root, b.entry)],
    minify: true,
    target: "browser",
    format: b.format,
    naming: b.name,
    outdir: out,
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [onlyFrom(b.home)],
    // Stated here because a build with a plugin does not read tsconfig.json's jsxImportSource.
    jsx: { runtime: "automatic", importSource: "preact" },
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    process.exit(1);
  }
  const bytes = readFileSync(join(out, b.name));
  const gz = precompress(join(out, b.name)).gzip;
  const over = b.budget > 0 && gz > b.budget;
  failed ||= over;
  console.log(
    `${b.name.padEnd(18)} ${String(bytes.length).padStart(7)} B  ${String(gz).padStart(6)} B gzipped  ${String(readFileSync(join(out, b.name + ".br")).length).padStart(6)} B brotli` +
      (b.budget ? `  (budget ${b.budget} B${over ? ", OVER" : ""})` : ""),
  );
}

for (const f of ["htmx.min.js"]) {
  copyFileSync(join(root, "node_modules/htmx.org/dist", f), join(root, "static/vendor", f));
  precompress(join(root, "static/vendor", f));
}

if (failed) {
  console.error("widget bundle over budget");
  process.exit(1);
}
