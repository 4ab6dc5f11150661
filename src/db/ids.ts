// Random identifiers: a readable prefix and 16 base32 characters (80 bits), URL- and HTML-safe.
const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

export function randomToken(length = 16): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += alphabet[b & 31];
  return s;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(16)}`;
}

export function sha256(text: string): string {
  return new Bun.CryptoHasher("sha256").update(text).digest("hex");
}
