// Who is asking, and at which origin: behind a reverse proxy the socket's peer is the proxy, so the
// client's address and the scheme and host it used come from forwarded headers. Those headers are
// believed only when the peer is a configured trusted proxy (--trusted-proxy); from anyone else they
// are ignored, or any client could pick the address the limiters count or the origin that pages
// and the widget's socket URL are built from.

/** A parsed --trusted-proxy entry: one address, or an IPv4/IPv6 network in CIDR notation. */
export interface ProxyRule {
  bytes: Uint8Array;
  prefix: number;
}

/** "::ffff:10.0.0.1" is the IPv4 address 10.0.0.1 seen through a dual-stack socket. */
function normalise(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a.replace(/^\[|\]$/g, "");
}

function ipv4Bytes(a: string): Uint8Array | null {
  const parts = a.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function ipv6Bytes(a: string): Uint8Array | null {
  if (!a.includes(":") || a.split("::").length > 2) return null;
  const [head, tail] = a.includes("::") ? a.split("::") : [a, undefined];
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const h = groups(head);
  const t = groups(tail);
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return null;
  const all = [...h, ...Array(tail === undefined ? 0 : missing).fill("0"), ...t];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i]!;
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 255;
  }
  return out;
}

function bytesOf(address: string): Uint8Array | null {
  const a = normalise(address);
  return ipv4Bytes(a) ?? ipv6Bytes(a);
}

/** Parses "10.0.0.1, 192.168.0.0/16, ::1"; throws a readable error on a malformed entry. */
export function parseProxyRules(raw: string): ProxyRule[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [addr, bits] = entry.split("/");
      const bytes = bytesOf(addr!);
      const max = bytes ? bytes.length * 8 : 0;
      const prefix = bits === undefined ? max : Number(bits);
      if (!bytes || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${entry}" is not an address or a network such as 10.0.0.0/8`);
      return { bytes, prefix };
    });
}

function matches(rule: ProxyRule, address: string): boolean {
  const bytes = bytesOf(address);
  if (!bytes || bytes.length !== rule.bytes.length) return false;
  let bits = rule.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (rule.bytes[i]! & mask)) return false;
  }
  return true;
}

export function isTrustedProxy(rules: readonly ProxyRule[], peer: string): boolean {
  return rules.length > 0 && rules.some((r) => matches(r, peer));
}

/** Longest address we keep as a key (an IPv6 address is at most 45 characters). */
const MAX_ADDRESS = 64;

/** A forwarded hop without the port some proxies add ("203.0.113.7:51234", "[2001:db8::1]:443"). */
function withoutPort(hop: string): string {
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop);
  if (v4) return v4[1]!;
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(hop);
  return v6 ? v6[1]! : hop;
}

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy, the right-most address in
 * X-Forwarded-For that is not itself a trusted proxy (left-most entries are the client's own claims).
 * A garbled hop ends what is believed: the answer is then the nearest trusted proxy, never an entry
 * left of it (the client could have written those).
 */
export function clientAddress(rules: readonly ProxyRule[], headers: Headers, peer: string): string {
  if (!isTrustedProxy(rules, peer)) return normalise(peer).slice(0, MAX_ADDRESS);
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => withoutPort(s.trim())).filter(Boolean);
  let nearest = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!bytesOf(hop)) break; // a garbled hop: stop believing the chain here
    if (!isTrustedProxy(rules, hop)) return normalise(hop).slice(0, MAX_ADDRESS);
    nearest = hop;
  }
  return normalise(nearest).slice(0, MAX_ADDRESS);
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * scheme://host the browser used: the configured public URL when there is one; else the request's own,
 * with X-Forwarded-Proto/-Host applied only when the peer is a trusted proxy.
 */
export function requestOrigin(publicUrl: string, rules: readonly ProxyRule[], request: Request, peer: string): string {
  if (publicUrl) return publicUrl;
  const url = new URL(request.url);
  let proto = url.protocol.replace(":", "");
  let host = request.headers.get("host") || url.host;
  if (isTrustedProxy(rules, peer)) {
    const fProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    const fHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (fProto === "http" || fProto === "https") proto = fProto;
    if (fHost && HOST.test(fHost)) host = fHost;
  }
  if (!HOST.test(host)) host = url.host;
  return `${proto}://${host}`;
}
