// Reading a request's body within its route's limit. Elysia would read and parse every body before
// the handler runs (up to Bun's 128 MiB), so routes are registered with parsing off and the guard
// reads the body here: a declared Content-Length over the limit is refused before a byte is read,
// and a body without one (chunked) is read only up to the limit, then refused.
import { UserError } from "../errors";

/** What a form post or a JSON call may send when its route declares nothing larger. */
export const DEFAULT_MAX_BODY = 64 * 1024;

/** Room for a multipart form's boundaries and other fields around a file of a given size. */
export const FORM_OVERHEAD = 64 * 1024;

export type Body = Record<string, unknown>;

function tooLarge(limit: number): UserError {
  return new UserError("body_too_large", 413, { max: limit >= 1024 * 1024 ? `${(limit / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(limit / 1024)} KB` });
}

/** The body's bytes, at most `limit` of them (else a 413 UserError). */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Repeated names become a list (checkboxes), single ones a value, as forms mean them. */
function collect(entries: Iterable<[string, FormDataEntryValue]>): Body {
  const out: Body = Object.create(null);
  for (const [k, v] of entries) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

function malformed(): UserError {
  return new UserError("bad_request", 400, { reason: "malformed body" });
}

/**
 * The body as the handlers see it: form fields (urlencoded or multipart, files as File), or a JSON
 * object. Other types (and GET) give an empty body.
 */
export async function readBody(request: Request, limit: number): Promise<Body> {
  const header = request.headers.get("content-type") ?? "";
  const type = header.toLowerCase();
  const bytes = await readLimited(request, limit);
  if (bytes.length === 0) return {};
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return collect(new URLSearchParams(new TextDecoder().decode(bytes)).entries());
  }
  if (type.startsWith("multipart/form-data")) {
    try {
      return collect((await new Response(bytes, { headers: { "content-type": header } }).formData()).entries());
    } catch {
      throw malformed();
    }
  }
  if (type.startsWith("application/json")) {
    try {
      const data = JSON.parse(new TextDecoder().decode(bytes));
      return data && typeof data === "object" && !Array.isArray(data) ? data : {};
    } catch {
      throw malformed();
    }
  }
  return {};
}
