// npm run build: the browser bundles, then one self-contained executable at dist/parley that
// embeds the migrations, static files (css, htmx, the widget, the workspace client) and views.
import { $ } from "bun";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const bun = process.execPath;
await $`${bun} ${join(root, "scripts/build-widget.ts")}`.cwd(root);
await $`${bun} build --compile --minify --sourcemap ${join(root, "src/main.ts")} ${join(root, "src/db/checkpoint-worker.ts")} --asset ./static --asset ./migrations --outfile dist/parley`.cwd(root);
const size = Bun.file(join(root, "dist/parley")).size;
console.log(`dist/parley ${(size / 1024 / 1024).toFixed(1)} MB`);
