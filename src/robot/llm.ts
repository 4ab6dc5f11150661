// The optional LLM stage (issue 19): an OpenAI-compatible chat-completions endpoint the firm chooses
// (its DeepSeek, Qwen or OpenAI account, or a local server). Two modes:
//   rerank — the model reads the visitor's message and the robot's candidate entries and decides:
//            answer with one entry, suggest some, or hand over to a person;
//   answer — the model answers in its own words, grounded only in the candidate entries, citing the
//            entry it used, and refuses when they do not cover the question.
// Every call is bounded in time and size; a timeout, an error or an unusable reply is a failure, and
// the caller falls back to the offline robot. The model never sees anything but the visitor's
// message and the entries; its reply is plain text (rendered like any answer: links only).

export type LlmMode = "off" | "rerank" | "answer";

export interface LlmConfig {
  mode: LlmMode;
  /** e.g. https://api.deepseek.com/v1 — "/chat/completions" is appended */
  baseUrl: string;
  model: string;
  key: string;
  timeoutMs: number;
}

export const LLM_TIMEOUT = { min: 250, max: 10_000 } as const;
/** A reply longer than this is not read (a model that rambles is a failure, not a memory cost). */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Answers the model writes are cut to the knowledge base's own limit. */
const MAX_ANSWER = 4000;

export interface Candidate {
  key: string;
  question: string;
  answer: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export type RerankDecision = { decision: "answer"; key: string } | { decision: "suggest"; keys: string[] } | { decision: "handover" };
export type GroundedAnswer = { answer: string; key: string } | { answer: null };

export class LlmFailure extends Error {}

export const llmReady = (c: LlmConfig) => c.mode !== "off" && !!c.baseUrl && !!c.model && !!c.key;

/** One chat completion; its text and token counts. Throws LlmFailure on timeout, HTTP error or a malformed reply. */
export async function complete(c: LlmConfig, system: string, user: string): Promise<{ text: string; usage: LlmUsage }> {
  const timeout = Math.min(LLM_TIMEOUT.max, Math.max(LLM_TIMEOUT.min, c.timeoutMs));
  // The whole exchange, the body's last byte included, within the wait: a server that sends its
  // headers at once and its body a byte at a time is a timeout too.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new LlmFailure("timed out")), timeout)));
  try {
    return await Promise.race([exchange(c, system, user, timeout), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(c: LlmConfig, system: string, user: string, timeout: number): Promise<{ text: string; usage: LlmUsage }> {
  let res: Response;
  try {
    res = await fetch(`${c.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: c.model,
        temperature: 0,
        messages: [
          { role: "system", content: system },
          { role: "user", content: user },
        ],
      }),
      signal: AbortSignal.timeout(timeout),
      redirect: "error",
    });
  } catch (e) {
    throw new LlmFailure(`request failed: ${(e as Error).name}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new LlmFailure(`HTTP ${res.status}`);
  }
  const body = await readCapped(res);
  let data: { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  try {
    data = JSON.parse(body);
  } catch {
    throw new LlmFailure("the reply is not JSON");
  }
  const text = data.choices?.[0]?.message?.content;
  if (typeof text !== "string") throw new LlmFailure("the reply has no message");
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
  return { text, usage: { promptTokens: n(data.usage?.prompt_tokens), completionTokens: n(data.usage?.completion_tokens) } };
}

async function readCapped(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new LlmFailure("the reply is too large");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The JSON object in a model's reply (models wrap it in prose or ``` fences now and then). */
function jsonOf(text: string): Record<string, unknown> {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) throw new LlmFailure("no JSON object in the reply");
  try {
    const v = JSON.parse(text.slice(start, end + 1));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new LlmFailure("no JSON object in the reply");
}

const entriesBlock = (candidates: Candidate[], withAnswers: boolean) =>
  candidates
    .map((c) => JSON.stringify(withAnswers ? { id: c.key, question: c.question, answer: c.answer } : { id: c.key, question: c.question, answer: c.answer.slice(0, 300) }))
    .join("\n");

const RERANK_SYSTEM = [
  "You decide for a customer-service robot whether one of its knowledge-base entries answers the visitor's message.",
  "Answer with an entry only when it answers what the visitor asks; when several might, or none quite does, suggest the closest (at most three);",
  "when none is related, or the visitor needs a person, hand over.",
  'Reply with one JSON object only: {"decision":"answer","id":"<entry id>"} or {"decision":"suggest","ids":["<entry id>", …]} or {"decision":"handover"}.',
].join(" ");

/** (a) The model reranks the candidates and decides. Unknown ids are dropped; an answer with an unknown id is a failure. */
export async function rerank(c: LlmConfig, message: string, candidates: Candidate[]): Promise<{ decision: RerankDecision; usage: LlmUsage }> {
  const { text, usage } = await complete(c, RERANK_SYSTEM, `Entries (one JSON object per line):\n${entriesBlock(candidates, false)}\n\nVisitor's message:\n${message}`);
  const o = jsonOf(text);
  const known = new Set(candidates.map((x) => x.key));
  if (o.decision === "answer" && typeof o.id === "string" && known.has(o.id)) return { decision: { decision: "answer", key: o.id }, usage };
  if (o.decision === "suggest" && Array.isArray(o.ids)) {
    const keys = [...new Set(o.ids.filter((k): k is string => typeof k === "string" && known.has(k)))].slice(0, 3);
    return { decision: keys.length ? { decision: "suggest", keys } : { decision: "handover" }, usage };
  }
  if (o.decision === "handover") return { decision: { decision: "handover" }, usage };
  throw new LlmFailure("the decision is not one of answer, suggest, handover with a known entry");
}

const ANSWER_SYSTEM = [
  "You are a firm's customer-service assistant. Answer the visitor's message using only the knowledge-base entries given — never other knowledge, never guesses.",
  "Answer briefly, in the visitor's language, in plain text (web addresses from the entries may be copied).",
  "Name the one entry your answer rests on.",
  'Reply with one JSON object only: {"answer":"<your answer>","id":"<entry id>"}; when the entries do not answer the message, reply {"answer":null}.',
].join(" ");

/** (b) The model answers in its own words, grounded in the candidates, citing one; or refuses. A citation of an unknown entry is a failure. */
export async function groundedAnswer(c: LlmConfig, message: string, candidates: Candidate[]): Promise<{ answer: GroundedAnswer; usage: LlmUsage }> {
  const { text, usage } = await complete(c, ANSWER_SYSTEM, `Entries (one JSON object per line):\n${entriesBlock(candidates, true)}\n\nVisitor's message:\n${message}`);
  const o = jsonOf(text);
  if (o.answer === null || o.answer === undefined) return { answer: { answer: null }, usage };
  const answer = typeof o.answer === "string" ? o.answer.trim().slice(0, MAX_ANSWER) : "";
  if (!answer) return { answer: { answer: null }, usage };
  if (typeof o.id !== "string" || !candidates.some((x) => x.key === o.id)) throw new LlmFailure("the answer cites no given entry");
  return { answer: { answer, key: o.id }, usage };
}
