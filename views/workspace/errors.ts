// Server error codes as words the agent understands.
import type { ErrorCode } from "../../src/chat/protocol";
import type { WorkspaceTranslate } from "./translate";

const EXPLAINED = new Set<ErrorCode>(["rate_limited", "too_large", "forbidden", "not_found", "conflict"]);

export function errorText(code: string, t: WorkspaceTranslate): string {
  return EXPLAINED.has(code as ErrorCode) ? t(`error.${code}`) : t("error.generic", { code });
}
