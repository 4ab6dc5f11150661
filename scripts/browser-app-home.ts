// The build-time check of the browser apps' imports (scripts/build-widget.ts): a bundle may take
// code only from its app's home folder, common/ (what runs on both sides of the wire) and
// node_modules. Anything else fails the build, so a browser app can never pull a server module
// (a database client, a secret, a server-only dependency) into a file that browsers download.
import type { BunPlugin } from "bun";
import { dirname, join, relative, resolve } from "node:path";

const root = join(import.meta.dir, "..");

/** Why an import from `importer` (absolute) of `spec` is refused for an app whose home is `home`, or null. */
export function refusal(home: string, importer: string, spec: string): string | null {
  if (!spec.startsWith(".") && !spec.startsWith("/")) return null; // a package: node_modules
  const path = relative(root, resolve(dirname(importer), spec));
  if (path.startsWith("node_modules/") || path.startsWith("common/") || path.startsWith(home)) return null;
  return `${relative(root, importer)} imports ${path}, outside the browser app's home (${home}) and common/`;
}

/** The plugin: fails the build on the first refused import. */
export function onlyFrom(home: string): BunPlugin {
  return {
    name: "browser-app-home",
    setup(build) {
      build.onResolve({ filter: /^[./]/ }, (args) => {
        const why = refusal(home, args.importer, args.path);
        if (why) throw new Error(why);
        return undefined;
      });
    },
  };
}
