// The README's command-line example works on a machine where Bun is only the npm dev dependency
// (node_modules/.bin, not on PATH): `npm run parley -- init …` as the README gives it.
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "bun:test";
import { tempDir } from "../helpers/server";

const root = join(import.meta.dir, "../..");

test("README's init command runs with only Node and npm on the PATH", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  expect(readme).toContain("`npm run parley -- init --company");
  expect(readme).not.toMatch(/`bun src\/main\.ts/);
  const npm = Bun.which("npm");
  expect(npm).toBeTruthy();
  const data = tempDir();
  try {
    // PATH without node_modules/.bin: no `bun` to be found there, as on a fresh clone.
    const env = { HOME: process.env.HOME ?? "/tmp", PATH: `${dirname(npm!)}:/usr/bin:/bin` };
    const p = Bun.spawnSync([npm!, "run", "--silent", "parley", "--", "init", "--company", "Acme", "--email", "you@acme.example", "--password", "a-long-pass-9", "--data", data], { cwd: root, env });
    expect(p.exitCode).toBe(0);
    expect(JSON.parse(p.stdout.toString())).toMatchObject({ adminEmail: "you@acme.example" });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
