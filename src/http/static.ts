// The application's own files (static/: styles, images, htmx, the browser bundles), from the source
// tree or embedded in the executable. Each has an ETag from its bytes; scripts/build-widget.ts writes
// brotli and gzip copies of the bundles beside them (name.br, name.gz), which are sent as they are
// to clients that accept them, with their own ETags. Other text files are compressed on the way out
// (src/http/compress.ts).
import { addVary, encodedEtag, matchesEtag, negotiate, type Encoding } from "./compress";
import { staticDir } from "../paths";

interface Known {
  /** what the file was when it was hashed: a rebuild while serving from source changes it */
  stamp: string;
  etag: string;
}

const known = new Map<string, Known>();
const KNOWN_MAX = 512;

async function etagOf(path: string, file: Bun.BunFile): Promise<string> {
  const stamp = `${file.size}:${file.lastModified}`;
  const had = known.get(path);
  if (had?.stamp === stamp) return had.etag;
  const etag = `"${Bun.hash(await file.bytes()).toString(36)}"`;
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(path, { stamp, etag });
  return etag;
}

/** A relative path inside static/ (no "..", no absolute paths, no hidden files), or null. */
function safeRelative(rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  const parts = decoded.split("/");
  if (parts.some((p) => p === "" || p.startsWith(".") || p.includes("\\") || p.includes("\0"))) return null;
  return parts.join("/");
}

const EXT: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/**
 * static/<rel> for this request, or null when there is no such file. `headers` are added (CORS,
 * cache-control); the default cache is five minutes with revalidation.
 */
export async function staticFile(request: Request, rel: string, headers: Record<string, string> = {}): Promise<Response | null> {
  const safe = safeRelative(rel);
  if (!safe) return null;
  const path = `${staticDir}/${safe}`;
  const file = Bun.file(path);
  if (!(await file.exists())) return null;
  const etag = await etagOf(path, file);
  const out = new Headers({ "content-type": file.type, "cache-control": "public, max-age=300", ...headers, etag });
  const encoding = negotiate(request.headers.get("accept-encoding"));
  const copy = encoding ? Bun.file(path + EXT[encoding]) : null;
  // A copy older than its file is from an earlier build: not used.
  if (encoding && copy && (await copy.exists()) && copy.lastModified >= file.lastModified) {
    out.set("etag", encodedEtag(etag, encoding));
    out.set("content-encoding", encoding);
    addVary(out, "Accept-Encoding");
    if (matchesEtag(request.headers.get("if-none-match"), out.get("etag")!)) return new Response(null, { status: 304, headers: out });
    return new Response(copy, { headers: out });
  }
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: out });
  return new Response(file, { headers: out });
}
