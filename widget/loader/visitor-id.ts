// A first-party id for the visitor, kept in the host page's own storage: the same browser is the
// same visitor across pages and visits; another browser or a private window is a new one.
import { KEYS, readStored, writeStored } from "../shared/storage";

const VALID = /^[\w-]{22,64}$/;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = "";
  for (const b of bytes) hex += (b + 256).toString(16).slice(1);
  return hex;
}

function readCookie(name: string): string | null {
  const m = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
  return m ? m[1]! : null;
}

function writeCookie(name: string, value: string): void {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${name}=${value}; path=/; max-age=63072000; SameSite=Lax${secure}`;
}

export function visitorId(): string {
  const key = KEYS.visitorId;
  const stored = readStored("localStorage", key);
  if (stored && VALID.test(stored)) return stored;
  // The cookie holds the id when storage was refused on an earlier page; keep that identity.
  const cookie = readCookie(key);
  const id = cookie && VALID.test(cookie) ? cookie : randomId();
  if (!writeStored("localStorage", key, id)) writeCookie(key, id);
  return id;
}
