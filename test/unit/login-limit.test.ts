import { describe, expect, test } from "bun:test";
import { LoginLimiter } from "../../src/accounts/login-limit";

describe("login limiter", () => {
  test("locks a pair after N attempts for the window, per pair", () => {
    let now = 0;
    const l = new LoginLimiter({ perPair: 3, perAddress: 10, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) expect(l.attempt("ip", "a").wait).toBe(0);
    expect(l.attempt("ip", "a").wait).toBe(1);
    expect(l.attempt("ip", "b").wait).toBe(0);
    now = 1001;
    expect(l.attempt("ip", "a").wait).toBe(0);
  });

  test("an attempt counts as it starts, so simultaneous ones cannot all pass; a right one is given back", () => {
    const l = new LoginLimiter({ perPair: 5, perAddress: 6, windowMs: 1000 }, () => 0);
    // Five attempts begun before any is verified: the sixth is refused at once.
    const started = Array.from({ length: 5 }, () => l.attempt("ip", "a"));
    expect(started.every((s) => "attempt" in s)).toBe(true);
    expect(l.attempt("ip", "a").wait).toBeGreaterThan(0);
    // One of them was right: the pair starts afresh and the address gets that attempt back.
    const right = started[0]!;
    if ("attempt" in right) l.succeed(right.attempt);
    expect(l.attempt("ip", "a").wait).toBe(0); // address: 5 of 6
    expect(l.attempt("ip", "b").wait).toBe(0); // address: 6 of 6
    expect(l.attempt("ip", "c").wait).toBeGreaterThan(0);
  });

  test("thousands of distinct long emails keep the table under its cap", () => {
    let now = 0;
    const l = new LoginLimiter({ perPair: 5, perAddress: 30, windowMs: 60_000, maxKeys: 500 }, () => now);
    for (let i = 0; i < 5000; i++) {
      now += 1;
      l.attempt(`10.0.${i % 250}.${i % 7}`, `${"x".repeat(250)}${i}@example.com`);
      expect(l.size).toBeLessThanOrEqual(500);
    }
    expect(l.size).toBe(500);
  });

  test("expired entries go, on use and by sweep", () => {
    let now = 0;
    const l = new LoginLimiter({ perPair: 5, perAddress: 30, windowMs: 1000 }, () => now);
    for (let i = 0; i < 100; i++) l.attempt(`ip${i}`, `user${i}@example.com`);
    expect(l.size).toBe(200);
    now = 1001;
    l.sweep();
    expect(l.size).toBe(0);
    for (let i = 0; i < 100; i++) l.attempt(`ip${i}`, `user${i}@example.com`);
    now = 2002;
    // The next use sweeps what expired: only its own two keys are left.
    l.attempt("other", "someone@example.com");
    expect(l.size).toBe(2);
  });

  test("a refused attempt adds no key", () => {
    const l = new LoginLimiter({ perPair: 5, perAddress: 2, windowMs: 1000 }, () => 0);
    l.attempt("ip", "a");
    l.attempt("ip", "b");
    const before = l.size;
    for (let i = 0; i < 100; i++) expect(l.attempt("ip", `other${i}`).wait).toBeGreaterThan(0);
    expect(l.size).toBe(before);
  });
});

describe("login limiter, per subject", () => {
  test("where asked, a subject's attempts from every address together are limited", () => {
    const l = new LoginLimiter({ perPair: 5, perAddress: 30, perSubject: 8, windowMs: 1000 }, () => 0);
    let allowed = 0;
    for (let i = 0; i < 40; i++) if ("attempt" in l.attempt(`10.0.0.${i}`, "2fa:usr_1", { perSubject: true })) allowed++;
    expect(allowed).toBe(8);
    // Password guesses are not counted that way: nobody can lock another person out.
    for (let i = 0; i < 40; i++) expect(l.attempt(`10.0.1.${i}`, "someone@example.com").wait).toBe(0);
  });

  test("a right attempt gives the subject its attempt back", () => {
    const l = new LoginLimiter({ perPair: 5, perAddress: 30, perSubject: 2, windowMs: 1000 }, () => 0);
    const first = l.attempt("a", "2fa:u", { perSubject: true });
    l.attempt("b", "2fa:u", { perSubject: true });
    expect(l.attempt("c", "2fa:u", { perSubject: true }).wait).toBeGreaterThan(0);
    if ("attempt" in first) l.succeed(first.attempt);
    expect(l.attempt("c", "2fa:u", { perSubject: true }).wait).toBe(0);
  });
});
