// Where a webhook may be sent (SSRF): an endpoint's host must resolve only to public addresses,
// unless the install allows private ones (--webhooks-allow-private). Checked when the endpoint is
// registered and again before every delivery, which then connects to the very address it checked
// (plain http) so a name that changes its answer between the two (DNS rebinding) gains nothing.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export type AddressProblem = "webhook_url_invalid" | "webhook_url_private" | "webhook_url_unresolved";

/** Is this an address no webhook may reach by default (loopback, private, link-local, CGNAT, multicast, unspecified…)? */
export function isPrivateAddress(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) return privateV4(ip);
  if (kind === 6) {
    const a = ip.toLowerCase().replace(/^\[|\]$/g, "");
    // IPv4 carried in IPv6 (::ffff:10.0.0.1, ::ffff:a00:1): judged as IPv4.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return privateV4(mapped[1]!);
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1]!, 16);
      const lo = parseInt(hexMapped[2]!, 16);
      return privateV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    if (a === "::" || a === "::1") return true;
    const first = parseInt(a.split(":")[0] || "0", 16);
    if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
    if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
    if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
    if ((first & 0xff00) === 0xff00) return true; // multicast
    if (a.startsWith("64:ff9b:")) return true; // NAT64: may reach anything
    if (a.startsWith("2001:db8:") || a.startsWith("100::")) return true; // documentation, discard
    return false;
  }
  return true;
}

function privateV4(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF assignments, 192.0.0.0/24 and 192.0.2.0/24 documentation
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51) ||
    (a === 203 && b === 0) ||
    a >= 224 // multicast, reserved, broadcast
  );
}

/** A URL a webhook may name: http(s), a host, no credentials in it, at most 2,000 characters. */
export function parseEndpointUrl(raw: string): URL | null {
  if (raw.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (!url.hostname || url.username || url.password) return null;
  return url;
}

export type Resolution = { ok: true; address: string } | { ok: false; problem: AddressProblem };

/**
 * The address to connect to for this URL: its host resolved (or taken as it is, for a literal), every
 * answer public unless private ones are allowed. One private answer refuses the name: an attacker's
 * name can answer with both.
 */
export async function resolveEndpoint(url: URL, allowPrivate: boolean): Promise<Resolution> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return { ok: false, problem: "webhook_url_unresolved" };
    }
  }
  if (addresses.length === 0) return { ok: false, problem: "webhook_url_unresolved" };
  if (!allowPrivate && addresses.some(isPrivateAddress)) return { ok: false, problem: "webhook_url_private" };
  return { ok: true, address: addresses[0]! };
}
