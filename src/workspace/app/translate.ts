// One lookup for server and browser, so that both render the same words and hydration matches.
import { interpolate } from "../../../common/interpolate";
export type WorkspaceTranslate = (key: string, params?: Record<string, string | number>) => string;

/**
 * Looks keys up in the workspace catalogue (keys without the "workspace." prefix).
 * `fallback` (the server's full translator) answers keys the catalogue lacks.
 */
export function workspaceTranslator(strings: Record<string, string>, fallback?: WorkspaceTranslate): WorkspaceTranslate {
  return (key, params) => {
    const s = strings[key] ?? (fallback ? fallback(`workspace.${key}`, params) : key);
    return interpolate(s, params);
  };
}
