import { describe, expect, test } from "bun:test";
import { TokenBucket } from "../../src/chat/rate-limit";
import { describeDevice } from "../../src/chat/device";
import { contrastRatio, readableTextColor } from "../../common/colors";
import { parseArgs } from "../../src/cli/args";
import { safeLocalPath } from "../../src/http/respond";

describe("token bucket", () => {
  test("allows the burst, then the rate", () => {
    let now = 0;
    const b = new TokenBucket(2, 3, { now: () => now });
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    now = 500;
    expect([b.take(), b.take()]).toEqual([true, false]);
  });
});

describe("colours", () => {
  test("text on any theme colour has readable contrast", () => {
    for (const c of ["#2563eb", "#ffeb3b", "#000000", "#ffffff", "#16a34a", "#f97316", "#7c3aed"]) {
      expect(contrastRatio(c, readableTextColor(c))).toBeGreaterThanOrEqual(3);
    }
    expect(readableTextColor("#ffeb3b")).toBe("#111827");
    expect(readableTextColor("#1e3a8a")).toBe("#ffffff");
  });
});

describe("odds and ends", () => {
  test("device description", () => {
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).toBe("mobile · iOS · Safari");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")).toBe("desktop · Windows · Chrome");
  });
  test("argument parsing", () => {
    expect(parseArgs(["agent", "add", "--email", "a@b", "--cap=3", "--quiet"])).toEqual({ positionals: ["agent", "add"], flags: { email: "a@b", cap: "3", quiet: true } });
  });
  test("redirect targets stay on this site", () => {
    expect(safeLocalPath("/workspace?x=1", "/")).toBe("/workspace?x=1");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil", "javascript:alert(1)", 5]) expect(safeLocalPath(bad, "/")).toBe("/");
    // A Location header holds bytes: what lies beyond ASCII is percent-encoded, what cannot be is refused.
    expect(safeLocalPath("/history?q=历史é", "/")).toBe("/history?q=%E5%8E%86%E5%8F%B2%C3%A9");
    expect(safeLocalPath("/a\u0001b", "/")).toBe("/a%01b");
    expect(safeLocalPath("/x\ud800", "/")).toBe("/");
    expect(() => new Response(null, { headers: { location: safeLocalPath("/历史", "/") } })).not.toThrow();
  });
});
