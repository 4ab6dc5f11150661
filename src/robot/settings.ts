// The robot's settings of an enterprise (robot_settings): its own small-talk replies and the
// optional LLM stage. One row, written on first save; reading an enterprise without one gives the
// defaults. The LLM key is stored to be used, never shown back: pages show its last four characters.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { robotSettings } from "../db/schema";
import { scoped } from "../db/scope";
import type { Problem } from "./entries";
import type { Language } from "./language";
import { LLM_TIMEOUT } from "./llm";
import type { SmallTalk } from "./small-talk";

export type RobotSettings = typeof robotSettings.$inferSelect;
export type SmallTalkReplies = RobotSettings["smallTalk"];

/** Longest own small-talk reply. */
export const SMALL_TALK_MAX = 200;

export function robotSettingsOf(db: Db, enterpriseId: string): RobotSettings {
  return (
    scoped(db, enterpriseId).select(robotSettings).get() ?? {
      enterpriseId,
      smallTalk: {},
      llmMode: "off",
      llmBaseUrl: "",
      llmModel: "",
      llmKey: "",
      llmTimeoutMs: 4000,
      llmCalls: 0,
      llmFailures: 0,
      llmPromptTokens: 0,
      llmCompletionTokens: 0,
      updatedAt: 0,
    }
  );
}

/** Writes some settings, creating the row with defaults first if need be. */
export function saveRobotSettings(db: Db, enterpriseId: string, set: Partial<Omit<RobotSettings, "enterpriseId" | "updatedAt">>, now = Date.now()): RobotSettings {
  scoped(db, enterpriseId)
    .insert(robotSettings, { ...set, updatedAt: now })
    .onConflictDoUpdate({ target: robotSettings.enterpriseId, set: { ...set, updatedAt: now } })
    .run();
  return robotSettingsOf(db, enterpriseId);
}

/** The admin's own reply to this small talk in this language, if they wrote one. */
export function ownSmallTalkReply(settings: Pick<RobotSettings, "smallTalk">, language: Language, kind: SmallTalk): string | undefined {
  return settings.smallTalk[language]?.[kind]?.trim() || undefined;
}

/** Counts one LLM request of the enterprise: its tokens, or a failure (timeout, error, unusable reply). */
export function countLlmUse(db: Db, enterpriseId: string, use: { ok: boolean; promptTokens?: number; completionTokens?: number }): void {
  scoped(db, enterpriseId).insert(robotSettings, { updatedAt: Date.now() }).onConflictDoNothing().run();
  scoped(db, enterpriseId)
    .update(robotSettings, {
      llmCalls: sql`${robotSettings.llmCalls} + 1` as unknown as number,
      llmFailures: sql`${robotSettings.llmFailures} + ${use.ok ? 0 : 1}` as unknown as number,
      llmPromptTokens: sql`${robotSettings.llmPromptTokens} + ${use.promptTokens ?? 0}` as unknown as number,
      llmCompletionTokens: sql`${robotSettings.llmCompletionTokens} + ${use.completionTokens ?? 0}` as unknown as number,
    }, eq(robotSettings.enterpriseId, enterpriseId))
    .run();
}

/** What the admin sees of the stored key: its last four characters, never the key itself. */
export const keyHint = (key: string): string | null => (key ? key.slice(-4) : null);

export interface LlmForm {
  mode: string;
  baseUrl: string;
  model: string;
  /** empty: keep the stored key */
  key: string;
  clearKey: boolean;
  timeoutMs: string;
}

/** Checks the LLM form against the stored settings; the fields to store, or the problem. */
export function checkLlmForm(form: LlmForm, stored: RobotSettings): Pick<RobotSettings, "llmMode" | "llmBaseUrl" | "llmModel" | "llmKey" | "llmTimeoutMs"> | Problem {
  const mode = form.mode;
  if (mode !== "off" && mode !== "rerank" && mode !== "answer") return { key: "robot.problem.llm_mode" };
  const baseUrl = form.baseUrl.trim().replace(/\/+$/, "");
  if (baseUrl) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      return { key: "robot.problem.llm_url" };
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || baseUrl.length > 300) return { key: "robot.problem.llm_url" };
  }
  const model = form.model.trim();
  if (model.length > 100) return { key: "robot.problem.llm_model" };
  const typed = form.key.trim();
  if (typed.length > 500 || /\s/.test(typed)) return { key: "robot.problem.llm_key" };
  // A key left empty is kept only for the same endpoint: whoever edits the form never sees the key,
  // and pointing a kept key at another server would hand it to that server with the next question.
  const sameEndpoint = baseUrl === stored.llmBaseUrl;
  if (!form.clearKey && !typed && stored.llmKey && !sameEndpoint) return { key: "robot.problem.llm_key_again" };
  const key = form.clearKey ? "" : typed || stored.llmKey;
  const timeoutMs = Number(form.timeoutMs || stored.llmTimeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < LLM_TIMEOUT.min || timeoutMs > LLM_TIMEOUT.max) return { key: "robot.problem.llm_timeout", params: { min: LLM_TIMEOUT.min, max: LLM_TIMEOUT.max } };
  if (mode !== "off" && (!baseUrl || !model || !key)) return { key: "robot.problem.llm_incomplete" };
  return { llmMode: mode, llmBaseUrl: baseUrl, llmModel: model, llmKey: key, llmTimeoutMs: timeoutMs };
}
