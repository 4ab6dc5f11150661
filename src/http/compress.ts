// Compressed responses: text (pages, fragments, JSON, scripts, styles) goes over the wire with
// brotli or gzip when the client accepts it. Each encoding of a response with an ETag gets its own
// ETag ("…-br", "…-gz"), so a cache never serves one encoding for another, and a conditional
// request naming the encoded ETag is answered 304. Files precompressed at build (static/build,
// the widget) are served as they are (src/http/static.ts); everything else is compressed here, and a
// download of unknown length (a streamed export) as a gzip stream.
import { brotliCompressSync, constants as zlib } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Below this, compressing saves less than it costs. */
const MIN_BYTES = 1024;
/** Above this, a response is sent as it is (nothing textual we send is this large). */
const MAX_BYTES = 8 * 1024 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/i;

/** The client's preferred encoding of those offered (brotli, else gzip); none if it refuses them all (q=0). */
export function negotiate(acceptEncoding: string | null, offered: readonly Encoding[] = ["br", "gzip"]): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const wants = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  return offered.find(wants) ?? null;
}

export const SUFFIX: Record<Encoding, string> = { br: "-br", gzip: "-gz" };

/** "abc" → "abc-br": the ETag of one encoding of the same bytes. */
export function encodedEtag(etag: string, encoding: Encoding): string {
  return etag.replace(/"$/, `${SUFFIX[encoding]}"`);
}

/** Does If-None-Match name this ETag (weak or strong, in a list, or *)? */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

export function addVary(headers: Headers, value: string): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("vary", value);
  else if (!vary.toLowerCase().split(/\s*,\s*/).includes(value.toLowerCase())) headers.set("vary", `${vary}, ${value}`);
}

export function encode(bytes: Uint8Array, encoding: Encoding, best = false): Uint8Array {
  if (encoding === "gzip") return Bun.gzipSync(bytes as Uint8Array<ArrayBuffer>, { level: best ? 9 : 6 });
  return brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: best ? 11 : 5, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
}

/** Responses with an ETag are the same bytes again and again (the widget's config): each encoding is kept a while. */
const cache = new Map<string, Uint8Array>();
const CACHE_ENTRIES = 64;

function cachedEncode(etag: string | null, bytes: Uint8Array, encoding: Encoding): Uint8Array {
  if (!etag) return encode(bytes, encoding);
  const key = `${encoding} ${etag}`;
  let out = cache.get(key);
  if (!out) {
    out = encode(bytes, encoding);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, out);
  }
  return out;
}

/**
 * The response as this request should get it: compressed when it is text, large enough and the
 * client accepts an encoding; otherwise as it is (with Vary, when it could have been compressed).
 */
export async function compressed(request: Request, res: Response): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  if (!res.body || res.headers.has("content-encoding") || !COMPRESSIBLE.test(type) || request.method === "HEAD") return res;
  addVary(res.headers, "Accept-Encoding");
  // A download of unknown length is an export written as it is read (src/leads/csv.ts csvStream,
  // the ledger): it is gzipped as it flows, never read whole into memory here first.
  if (!res.headers.has("content-length") && /^attachment\b/i.test(res.headers.get("content-disposition") ?? "")) {
    if (res.status !== 200 || !negotiate(request.headers.get("accept-encoding"), ["gzip"])) return res;
    const headers = new Headers(res.headers);
    headers.set("content-encoding", "gzip");
    return new Response(res.body.pipeThrough(new CompressionStream("gzip")), { status: res.status, headers });
  }
  const encoding = negotiate(request.headers.get("accept-encoding"));
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (!encoding || res.status !== 200 || declared > MAX_BYTES) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) return new Response(bytes, { status: res.status, headers });
  const etag = headers.get("etag");
  if (etag) {
    const tagged = encodedEtag(etag, encoding);
    headers.set("etag", tagged);
    if (matchesEtag(request.headers.get("if-none-match"), tagged)) return new Response(null, { status: 304, headers });
  }
  const body = cachedEncode(etag, bytes, encoding);
  headers.set("content-encoding", encoding);
  headers.delete("content-length");
  return new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, headers });
}
