// The headers every response carries: pages, htmx fragments, JSON, files and errors alike.
//
// The Content-Security-Policy allows our own scripts, styles and connections only: the pages have
// no inline scripts, style attributes or event-handler attributes (htmx and the bundles attach
// their handlers from files; htmx's own indicator styles are a constructed stylesheet), and no
// hx-on or js: expressions, so htmx needs no 'unsafe-eval'. It has no effect on the widget on a
// customer's page: a policy applies to the document it comes with, and the widget's parts
// (widget.js, widget-window.js, its config and images) are scripts, JSON and images loaded by the
// customer's document, whose own policy governs them (docs/widget.md).
//
// A page may not be framed (frame-ancestors 'none', X-Frame-Options DENY) unless it says it may be
// framed by our own pages (X-Frame-Options SAMEORIGIN: the style page's previews).

const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

/** A year: browsers that reached us over https keep doing so. */
const HSTS = "max-age=31536000";

/** Adds what is missing of the security headers; `https`: the browser reached us over https (directly or through a trusted proxy). */
export function withSecurityHeaders(res: Response, https: boolean): Response {
  const h = res.headers;
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!h.has(k)) h.set(k, v);
  const framedBySelf = h.get("x-frame-options")?.toUpperCase() === "SAMEORIGIN";
  if (!h.has("content-security-policy")) h.set("content-security-policy", `${POLICY}; frame-ancestors ${framedBySelf ? "'self'" : "'none'"}`);
  if (https && !h.has("strict-transport-security")) h.set("strict-transport-security", HSTS);
  return res;
}
