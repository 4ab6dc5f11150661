// TOTP (RFC 6238 over RFC 4226): the RFC's test vectors, base32, the ±1 step window and replay refusal.
import { describe, expect, test } from "bun:test";
import { base32Decode, base32Encode, hotp, otpauthUri, totp, verifyTotp } from "../../src/accounts/totp";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("RFC 6238 appendix B (SHA-1, 8 digits, T0 = 0, X = 30)", () => {
  const key = ascii("12345678901234567890");
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [seconds, code] of vectors) test(`T = ${seconds}`, async () => expect(await totp(key, seconds * 1000, 8)).toBe(code));
  test("SHA-256 and SHA-512 keys of the same appendix", async () => {
    expect(await totp(ascii("12345678901234567890123456789012"), 59_000, 8, "SHA-256")).toBe("46119246");
    expect(await totp(ascii("1234567890123456789012345678901234567890123456789012345678901234"), 59_000, 8, "SHA-512")).toBe("90693936");
  });
});

describe("RFC 4226 appendix D (HOTP, 6 digits)", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  test("counters 0–9", async () => {
    for (let i = 0; i < expected.length; i++) expect(await hotp(ascii("12345678901234567890"), i)).toBe(expected[i]!);
  });
});

describe("base32 and verification", () => {
  test("base32 round-trips and matches RFC 4648", () => {
    expect(base32Encode(ascii("foobar"))).toBe("MZXW6YTBOI");
    expect(new TextDecoder().decode(base32Decode("mzxw 6ytb oi=="))).toBe("foobar");
    expect(base32Encode(ascii("12345678901234567890"))).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(() => base32Decode("not base32!")).toThrow();
  });

  test("a code is accepted one step either side of now, not two, and never twice", async () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const key = base32Decode(secret);
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(await verifyTotp(secret, await totp(key, now), now)).toBe(step);
    expect(await verifyTotp(secret, await totp(key, now - 30_000), now)).toBe(step - 1);
    expect(await verifyTotp(secret, await totp(key, now + 30_000), now)).toBe(step + 1);
    expect(await verifyTotp(secret, await totp(key, now - 60_000), now)).toBeNull();
    expect(await verifyTotp(secret, await totp(key, now), now, { notAfter: step })).toBeNull();
    expect(await verifyTotp(secret, "12345", now)).toBeNull();
    expect(await verifyTotp(secret, "abcdef", now)).toBeNull();
  });

  test("the otpauth URI names the issuer, account and parameters", () => {
    const uri = otpauthUri("GEZDGNBV", "ann@example.com", "Parley");
    expect(uri).toBe("otpauth://totp/Parley%3Aann%40example.com?secret=GEZDGNBV&issuer=Parley&algorithm=SHA1&digits=6&period=30");
  });
});
