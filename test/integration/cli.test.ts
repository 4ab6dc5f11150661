// The command line as PRODUCT.md's contracts describe it.
import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { runCli, serveProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";

const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("parley init", () => {
  test("creates the enterprise, admin and default site, prints JSON, and refuses a second time", async () => {
    const data = dir();
    const r = await runCli(["init", "--company", "Acme", "--email", "Boss@Acme.example", "--password", "secret-123", "--data", data]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.enterpriseId).toMatch(/^ent_/);
    expect(out.siteKey).toMatch(/^[a-z0-9]{20}$/);
    expect(out.adminEmail).toBe("boss@acme.example");
    const again = await runCli(["init", "--company", "Acme", "--email", "x@acme.example", "--password", "secret-123", "--data", data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already set up");
    expect(again.stdout).toBe("");
  });

  test("missing or bad arguments fail clearly", async () => {
    const data = dir();
    const missing = await runCli(["init", "--company", "Acme", "--data", data]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email is required");
    const weak = await runCli(["init", "--company", "Acme", "--email", "a@b.example", "--password", "short", "--data", data]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("at least 8");
    const badPort = await runCli(["serve", "--port", "99999", "--data", data]);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain("--port");
    const badMode = await runCli(["serve", "--data", data], { PARLEY_MODE: "chaos" });
    expect(badMode.stderr).toContain("PARLEY_MODE");
  });
});

describe("parley agent add", () => {
  test("creates an activated seat and prints its id; duplicates are refused", async () => {
    const data = dir();
    await runCli(["init", "--company", "Acme", "--email", "boss@acme.example", "--password", "secret-123", "--data", data]);
    const r = await runCli(["agent", "add", "--email", "ann@acme.example", "--password", "secret-123", "--name", "Ann", "--cap", "3", "--data", data]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ email: "ann@acme.example", role: "agent", cap: 3, seatState: "active" });
    expect(JSON.parse(r.stdout).id).toMatch(/^usr_/);
    const dup = await runCli(["agent", "add", "--email", "ann@acme.example", "--password", "secret-123", "--name", "Ann", "--data", data]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain("already in use");
    const badCap = await runCli(["agent", "add", "--email", "bo@acme.example", "--password", "secret-123", "--name", "Bo", "--cap", "0", "--data", data]);
    expect(badCap.stderr).toContain("1 to 100");
    // --role admin|agent (and the other built-in role); anything else is refused; weak passwords too.
    const boss = await runCli(["agent", "add", "--email", "vice@acme.example", "--password", "secret-123", "--name", "Vi", "--role", "admin", "--data", data]);
    expect(JSON.parse(boss.stdout)).toMatchObject({ role: "admin", seatState: "active" });
    const sup = await runCli(["agent", "add", "--email", "sue@acme.example", "--password", "secret-123", "--name", "Sue", "--role", "supervisor", "--data", data]);
    expect(JSON.parse(sup.stdout).role).toBe("supervisor");
    const bad = await runCli(["agent", "add", "--email", "x@acme.example", "--password", "secret-123", "--name", "X", "--role", "owner", "--data", data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Choose one of the roles");
    const weak = await runCli(["agent", "add", "--email", "y@acme.example", "--password", "12345678", "--name", "Y", "--data", data]);
    expect(weak.stderr).toContain("too common");
  });

  test("needs an initialised data directory", async () => {
    const r = await runCli(["agent", "add", "--email", "a@b.example", "--password", "secret-123", "--name", "A", "--data", dir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("parley init");
  });
});

describe("parley version, help, serve", () => {
  test("version and help", async () => {
    const pkg = await Bun.file(new URL("../../package.json", import.meta.url)).json();
    expect((await runCli(["version"])).stdout.trim()).toBe(pkg.version);
    const help = await runCli(["--help"]);
    for (const word of ["serve", "init", "agent add", "PARLEY_PORT", "PARLEY_DATA_DIR", "PARLEY_MODE"]) expect(help.stdout).toContain(word);
    expect((await runCli(["frobnicate"])).code).toBe(2);
  });

  test("serve on a fresh data directory offers the set-up page", async () => {
    const data = dir();
    const s = await serveProcess(data);
    try {
      const home = await fetch(`${s.url}/`, { redirect: "manual" });
      expect(home.headers.get("location")).toBe("/setup");
      expect(await (await fetch(`${s.url}/setup`)).text()).toContain('data-testid="setup-company"');
    } finally {
      await s.stop();
    }
  });
});
