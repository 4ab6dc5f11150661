import { describe, expect, test } from "bun:test";
import { clientAddress, parseProxyRules, requestOrigin } from "../../src/http/client-address";
import { loadConfig } from "../../src/config";

const req = (headers: Record<string, string>) => new Request("http://10.0.0.5:8080/x", { headers });

describe("client address and origin behind a proxy", () => {
  const rules = parseProxyRules("127.0.0.1, 10.0.0.0/8, fd00::/8");

  test("forwarded headers from a client that is not a trusted proxy are ignored", () => {
    const r = req({ "x-forwarded-for": "1.2.3.4", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "chat.acme.example" });
    expect(clientAddress(rules, r.headers, "203.0.113.9")).toBe("203.0.113.9");
    expect(requestOrigin("", rules, r, "203.0.113.9")).toBe("http://chat.acme.example");
    // with no proxy configured at all, nobody's headers count
    expect(clientAddress([], r.headers, "127.0.0.1")).toBe("127.0.0.1");
    expect(requestOrigin("", [], r, "127.0.0.1")).toBe("http://chat.acme.example");
  });

  test("from a trusted proxy, the right-most untrusted hop is the client", () => {
    const r = req({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.1.2.3", "x-forwarded-host": "chat.acme.example", "x-forwarded-proto": "https" });
    expect(clientAddress(rules, r.headers, "::ffff:127.0.0.1")).toBe("198.51.100.7");
    expect(requestOrigin("", rules, r, "10.9.9.9")).toBe("https://chat.acme.example");
    expect(clientAddress(rules, req({}).headers, "fd12::1")).toBe("fd12::1");
  });

  test("garbled forwarded values are not believed", () => {
    const r = req({ "x-forwarded-for": "<script>", "x-forwarded-host": "a b/c", "x-forwarded-proto": "javascript", host: "chat.acme.example" });
    expect(clientAddress(rules, r.headers, "127.0.0.1")).toBe("127.0.0.1");
    expect(requestOrigin("", rules, r, "127.0.0.1")).toBe("http://chat.acme.example");
  });

  test("the configured public URL wins", () => {
    expect(requestOrigin("https://chat.acme.example", rules, req({ "x-forwarded-host": "x.example" }), "127.0.0.1")).toBe("https://chat.acme.example");
  });

  test("--trusted-proxy / PARLEY_TRUSTED_PROXIES is validated", () => {
    expect(loadConfig({}, {}).trustedProxies).toEqual([]);
    expect(loadConfig({}, { PARLEY_TRUSTED_PROXIES: "127.0.0.1,10.0.0.0/8" }).trustedProxies).toHaveLength(2);
    expect(() => loadConfig({ "trusted-proxy": "10.0.0.0/33" }, {})).toThrow("--trusted-proxy / PARLEY_TRUSTED_PROXIES");
    expect(() => loadConfig({ "trusted-proxy": "proxy.local" }, {})).toThrow("not an address");
  });
});
