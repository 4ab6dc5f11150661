// Responses: server-rendered pages, JSON, redirects. Pages are preact trees rendered to a string.
import { renderToString } from "preact-render-to-string";
import type { VNode } from "preact";
import { SECURITY_HEADERS } from "./security-headers";
import { isHtmx } from "./request";
import type { Req } from "./route";

/** Headers that let any website read an answer (the widget's endpoints: they read no cookies). */
export const CORS = { "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" };

export function page(node: VNode<any>, status = 200, headers: Record<string, string> = {}): Response {
  return new Response("<!doctype html>" + renderToString(node), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...SECURITY_HEADERS, ...headers },
  });
}

/** An HTML fragment for htmx swaps. */
export function fragment(node: VNode<any>, status = 200): Response {
  return new Response(renderToString(node), { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location } });
}

/**
 * Only same-site paths may be redirect targets ("/x", not "//evil" or "https://evil"). A Location
 * header holds bytes, so characters outside printable ASCII (a `next` of "/历史") are percent-encoded
 * as a browser would send them; a path that cannot be encoded (a lone surrogate) is refused.
 */
export function safeLocalPath(path: unknown, fallback: string): string {
  if (typeof path !== "string" || !/^\/(?!\/)[^\s\\]*$/.test(path)) return fallback;
  try {
    return path.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
  } catch {
    return fallback;
  }
}

/**
 * An admin section's answer to a form: the section alone when htmx asked (it swaps itself in), else
 * the whole page around it, so the same form works with scripts off.
 */
export function sectionOrPage(req: Req, section: () => VNode<any>, whole: () => VNode<any>, status = 200): Response {
  return isHtmx(req) ? fragment(section(), status) : page(whole(), status);
}
