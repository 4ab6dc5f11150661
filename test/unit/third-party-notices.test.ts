// static/third-party-notices.txt names every package the server is built from, at its locked version,
// and the runtime it embeds: a dependency added or upgraded without `bun scripts/gen-notices.ts` fails here.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { productionPackages } from "../../scripts/gen-notices";

const root = join(import.meta.dir, "../..");
const notices = readFileSync(join(root, "static/third-party-notices.txt"), "utf8");

test("every production package is in the notices at its locked version, with its licence", () => {
  const packages = productionPackages();
  expect(packages.map((p) => p.name)).toContain("elysia");
  const missing = packages.filter((p) => !notices.includes(`\n${p.name}@${p.version} (${p.licence || "licence not stated"})\n`));
  expect(missing.map((p) => `${p.name}@${p.version}`)).toEqual([]);
});

test("the notices name the Bun runtime the executable embeds, at the installed version", () => {
  const bun = JSON.parse(readFileSync(join(root, "node_modules/bun/package.json"), "utf8")) as { version: string };
  expect(notices).toContain(`The runtime: Bun ${bun.version}\n`);
});

test("the notices carry the licences of the robot's data", () => {
  expect(notices).toContain("UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE");
  expect(notices).toContain("Copyright (c) 2013 Sun Junyi");
});
