// What a file really is, from its first bytes ("magic numbers"), never from its name or the type
// the browser declared. Only the types listed here are accepted anywhere; a name whose extension
// disagrees with the content (an HTML page called photo.png) is a disguised file and is refused.

export interface Sniffed {
  type: string;
  /** the extensions a name of this type may have; the first one is given to names without one */
  exts: readonly string[];
  image: boolean;
}

const T = (type: string, exts: string[], image = false): Sniffed => ({ type, exts, image });
export const PNG = T("image/png", ["png"], true);
export const JPEG = T("image/jpeg", ["jpg", "jpeg"], true);
export const GIF = T("image/gif", ["gif"], true);
export const WEBP = T("image/webp", ["webp"], true);
const PDF = T("application/pdf", ["pdf"]);
const ZIP = T("application/zip", ["zip"]);
const DOCX = T("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ["docx"]);
const XLSX = T("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"]);
const PPTX = T("application/vnd.openxmlformats-officedocument.presentationml.presentation", ["pptx"]);
const TEXT = T("text/plain", ["txt", "log", "csv"]);

const starts = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** An office document is a zip whose entries name its parts; the first few kilobytes tell which. */
function zipKind(b: Uint8Array): Sniffed {
  const head = new TextDecoder("latin1").decode(b.subarray(0, 64 * 1024));
  if (head.includes("word/")) return DOCX;
  if (head.includes("xl/")) return XLSX;
  if (head.includes("ppt/")) return PPTX;
  return ZIP;
}

/** Text is UTF-8 with no control characters but tab, newline and carriage return. */
function isText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, 64 * 1024));
  } catch (e) {
    // A multi-byte character cut at the 64 KiB mark is still text.
    if (b.length <= 64 * 1024) return false;
    s = new TextDecoder("utf-8").decode(b.subarray(0, 64 * 1024 - 4));
  }
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
}

export function sniff(b: Uint8Array): Sniffed | null {
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (starts(b, [0xff, 0xd8, 0xff])) return JPEG;
  if (starts(b, ascii("GIF87a")) || starts(b, ascii("GIF89a"))) return GIF;
  if (starts(b, ascii("RIFF")) && starts(b, ascii("WEBP"), 8)) return WEBP;
  if (starts(b, ascii("%PDF-"))) return PDF;
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) return zipKind(b);
  return isText(b) ? TEXT : null;
}

export type Refusal = "empty" | "too_large" | "bad_type" | "disguised";

/**
 * Checks an upload: its size, what its content is, and that its name does not pretend otherwise.
 * `allowed` narrows the accepted kinds (logos: images only). Returns the type and a clean name.
 */
export function checkUpload(bytes: Uint8Array, name: string, maxBytes: number, allowed: (s: Sniffed) => boolean = () => true): { ok: true; kind: Sniffed; name: string } | { ok: false; why: Refusal } {
  if (bytes.length === 0) return { ok: false, why: "empty" };
  if (bytes.length > maxBytes) return { ok: false, why: "too_large" };
  const kind = sniff(bytes);
  if (!kind || !allowed(kind)) return { ok: false, why: "bad_type" };
  const clean = cleanName(name);
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(clean)?.[1]?.toLowerCase();
  if (ext && !kind.exts.includes(ext)) return { ok: false, why: "disguised" };
  return { ok: true, kind, name: ext ? clean : `${clean || "file"}.${kind.exts[0]}` };
}

/** A file name safe to show and to put in a header: no path, no control characters, at most 120 characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim().slice(-120);
}
