// Files under the data directory: attachments/ (served only to those who may see the conversation)
// and public/ (logos and avatars, shown on customers' sites). Names are random, never the uploader's.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomToken } from "../db/ids";

export type Area = "attachments" | "public";

const SAFE = /^[a-z0-9]{16,64}(\.[a-z0-9]{1,8})?$/;

export function filePath(dataDir: string, area: Area, name: string): string | null {
  return SAFE.test(name) ? join(dataDir, area, name) : null;
}

/** Writes bytes under a new unguessable name (with `ext` when given) and returns the name. */
export async function storeFile(dataDir: string, area: Area, bytes: Uint8Array, ext = ""): Promise<string> {
  mkdirSync(join(dataDir, area), { recursive: true });
  const name = `${randomToken(ext ? 24 : 32)}${ext ? `.${ext}` : ""}`;
  await Bun.write(join(dataDir, area, name), bytes);
  return name;
}

export async function readStored(dataDir: string, area: Area, name: string): Promise<Uint8Array | null> {
  const path = filePath(dataDir, area, name);
  if (!path) return null;
  const file = Bun.file(path);
  return (await file.exists()) ? file.bytes() : null;
}

/**
 * A file as an HTTP answer that no browser will run: its sniffed type, nosniff, a sandbox CSP, and
 * `attachment` for everything but images (so an odd file downloads instead of opening).
 */
export function fileResponse(bytes: Uint8Array, type: string, name: string, headers: Record<string, string>): Response {
  const inline = type.startsWith("image/");
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      ...headers,
      "content-type": type.startsWith("text/") ? `${type}; charset=utf-8` : type,
      "content-length": String(bytes.length),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
