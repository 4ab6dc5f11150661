// Splits an answer's plain text into text and http(s) links, for views to render safely: text stays
// text (the renderer escapes it), and only http and https addresses become links. No dependencies
// and no DOM, so the admin preview and the widget share it.

export type AnswerPart = { text: string; href?: undefined } | { text: string; href: string };

/** rel for every link to another site: no access to this window, no referrer. */
export const LINK_REL = "noopener noreferrer";

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;
/** Punctuation that ends a sentence rather than the address: "see https://x.example/a." */
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const raw = m[0].replace(TRAILING, "");
    const href = safeHref(raw);
    if (!href) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: raw, href });
    last = m.index + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The address as a link target, or null when it is not a well-formed http(s) URL. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
