import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config";

describe("config", () => {
  test("defaults", () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ port: 8080, mode: "company", synchronous: "NORMAL" });
    expect(c.dataDir.endsWith("/data")).toBe(true);
  });
  test("flag beats environment beats default", () => {
    expect(loadConfig({}, { PARLEY_PORT: "9000" }).port).toBe(9000);
    expect(loadConfig({ port: "9100" }, { PARLEY_PORT: "9000" }).port).toBe(9100);
    expect(loadConfig({}, { PARLEY_MODE: "platform", PARLEY_DATA_DIR: "/srv/parley", PARLEY_SYNCHRONOUS: "full" })).toMatchObject({ mode: "platform", dataDir: "/srv/parley", synchronous: "FULL" });
  });
  test("bad values are named in the error", () => {
    expect(() => loadConfig({ port: "http" }, {})).toThrow("--port / PARLEY_PORT");
    expect(() => loadConfig({}, { PARLEY_MODE: "solo" })).toThrow("company, platform");
  });
});
