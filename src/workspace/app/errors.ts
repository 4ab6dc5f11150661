// Server error codes as words the agent understands.
import type { WorkspaceTranslate } from "./translate";

const EXPLAINED = new Set<string>(["rate_limited", "too_large", "forbidden", "not_found", "conflict", "upload_too_large", "upload_empty", "upload_bad_type", "upload_disguised", "upload_failed", "banned_word"]);

export function errorText(code: string, t: WorkspaceTranslate): string {
  return EXPLAINED.has(code) ? t(`error.${code}`) : t("error.generic", { code });
}
