// The loader learns everything it needs from its own <script> tag: the site key and the server.
export interface ScriptInfo {
  site: string;
  origin: string;
}

export function findOwnScript(): ScriptInfo | null {
  // currentScript is null once the script has yielded, and in some wrappers; the attribute query
  // finds the snippet in both cases.
  const el =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
  const site = el?.getAttribute("data-site");
  if (!el || !site) return null;
  // Keep any path prefix (a server behind /parley/ on a shared domain), drop the file and its query.
  return { site, origin: el.src.replace(/\/widget\.js([?#].*)?$/, "") };
}
