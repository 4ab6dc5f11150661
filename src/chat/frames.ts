// Checks a frame a client sent: shape, types and limits. Returns the frame, or the error to send.
import { LIMITS as ENTRY_LIMITS } from "../robot/entries";
import { LIMITS, PROTOCOL_VERSION, type ClientFrame, type ErrorFrame, type SendMessage, type ServerFrame } from "../../common/protocol";
import type { Appended } from "./store";

type Checked = { ok: true; frame: ClientFrame } | { ok: false; error: ErrorFrame };

/** The error frame for a refused frame; `clientId` when the frame had one, so a client knows which message failed. */
export const errorFrame = (code: ErrorFrame["code"], reason: string, clientId?: string): ErrorFrame => ({ type: "error", code, reason, ...(clientId ? { clientId } : {}) });

const fail = (code: ErrorFrame["code"], reason: string, clientId?: string): Checked => ({ ok: false, error: errorFrame(code, reason, clientId) });

const isStr = (v: unknown): v is string => typeof v === "string";
const optStr = (v: unknown) => v === undefined || isStr(v);
const KNOWN = new Set(["hello", "message", "typing", "read", "status", "page", "ping", "close", "transfer", "handoff", "visibility"]);
const MAX_PICK_LENGTH = ENTRY_LIMITS.key;

/** `raw` is what the socket layer decoded: an object when the text was JSON, else the text itself. */
export function checkFrame(raw: unknown): Checked {
  if (typeof raw === "string" || raw instanceof Uint8Array || raw instanceof ArrayBuffer) return fail("bad_json", "frames are JSON objects");
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail("bad_frame", "a frame is a JSON object with a type");
  const f = raw as Record<string, unknown>;
  if (!isStr(f.type)) return fail("bad_frame", "missing field: type");
  if (!KNOWN.has(f.type)) return fail("unknown_type", `unknown frame type: ${f.type.slice(0, 40)}`);
  const clientId = isStr(f.clientId) ? f.clientId.slice(0, LIMITS.maxClientIdLength) : undefined;
  switch (f.type) {
    case "hello":
      if (f.role !== "visitor" && f.role !== "agent") return fail("bad_frame", "hello.role must be visitor or agent");
      if (f.role === "visitor" && (!isStr(f.site) || !isStr(f.visitorId))) return fail("bad_frame", "visitor hello needs site and visitorId");
      if (f.lastSeq !== undefined && !(Number.isInteger(f.lastSeq) && (f.lastSeq as number) >= 0)) return fail("bad_frame", "lastSeq must be a whole number ≥ 0");
      if (!optStr(f.conversationId)) return fail("bad_frame", "conversationId must be a string");
      if (f.resume !== undefined && (typeof f.resume !== "object" || f.resume === null || Array.isArray(f.resume)))
        return fail("bad_frame", "resume must be an object of conversationId → seq");
      break;
    case "message":
      if (!isStr(f.clientId) || f.clientId.length === 0) return fail("bad_frame", "missing field: clientId");
      if (f.clientId.length > LIMITS.maxClientIdLength) return fail("bad_frame", `clientId longer than ${LIMITS.maxClientIdLength}`);
      if (!isStr(f.text)) return fail("bad_frame", "missing field: text", clientId);
      if (!optStr(f.conversationId)) return fail("bad_frame", "conversationId must be a string", clientId);
      if (f.attachment !== undefined && !(typeof f.attachment === "object" && f.attachment !== null && isStr((f.attachment as any).id)))
        return fail("bad_frame", "attachment must be {id}", clientId);
      if (f.pick !== undefined && (!isStr(f.pick) || f.pick.length === 0 || f.pick.length > MAX_PICK_LENGTH || f.attachment !== undefined))
        return fail("bad_frame", `pick must be a question's key (1–${MAX_PICK_LENGTH} characters), without an attachment`, clientId);
      if (f.invited !== undefined && f.invited !== true) return fail("bad_frame", "invited must be true when present", clientId);
      if (f.internal !== undefined && (f.internal !== true || f.attachment !== undefined || f.pick !== undefined))
        return fail("bad_frame", "internal must be true when present, on a note of text only", clientId);
      if (f.text.trim().length === 0 && !f.attachment) return fail("bad_frame", "text is empty", clientId);
      if (f.text.length > LIMITS.maxTextLength) return fail("too_large", `text longer than ${LIMITS.maxTextLength} characters`, clientId);
      break;
    case "typing":
      if (typeof f.typing !== "boolean") return fail("bad_frame", "missing field: typing");
      if (!optStr(f.conversationId)) return fail("bad_frame", "conversationId must be a string");
      break;
    case "read":
      if (!Number.isInteger(f.seq) || (f.seq as number) < 0) return fail("bad_frame", "missing field: seq");
      if (!optStr(f.conversationId)) return fail("bad_frame", "conversationId must be a string");
      break;
    case "status":
      if (f.status !== "online" && f.status !== "away" && f.status !== "offline") return fail("bad_frame", "status must be online, away or offline");
      break;
    case "page":
      if (typeof f.page !== "object" || f.page === null) return fail("bad_frame", "missing field: page");
      break;
    case "visibility":
      if (typeof f.visible !== "boolean") return fail("bad_frame", "missing field: visible");
      break;
    case "close":
      if (!isStr(f.conversationId)) return fail("bad_frame", "missing field: conversationId");
      break;
    case "transfer":
      if (!isStr(f.conversationId)) return fail("bad_frame", "missing field: conversationId");
      if (isStr(f.toAgentId) === isStr(f.toGroupId)) return fail("bad_frame", "name exactly one of toAgentId and toGroupId");
      if (!optStr(f.note) || (isStr(f.note) && f.note.length > LIMITS.maxTextLength)) return fail("bad_frame", `note must be text of at most ${LIMITS.maxTextLength} characters`);
      break;
  }
  return { ok: true, frame: f as unknown as ClientFrame };
}

/** The ack of a stored message; it names the stored text when that is not what was sent (masked words). */
export function ackOf(frame: SendMessage, appended: Appended): ServerFrame {
  const m = appended.message;
  return { type: "ack", clientId: frame.clientId, conversationId: m.conversationId, id: m.id, seq: m.seq, at: m.at, duplicate: appended.duplicate, ...(m.text !== frame.text ? { text: m.text } : {}) };
}

/** The reason of the error frame that refuses a seat without service (the workspace explains it; docs/protocol.md). */
export const SEAT_WITHOUT_SERVICE = "seat_without_service";

/** The first frame after a good hello, on both sides. */
export const WELCOME = {
  type: "welcome",
  protocol: PROTOCOL_VERSION,
  heartbeatMs: LIMITS.heartbeatMs,
  limits: { maxTextLength: LIMITS.maxTextLength, ratePerSecond: LIMITS.ratePerSecond, rateBurst: LIMITS.rateBurst },
} as const;
