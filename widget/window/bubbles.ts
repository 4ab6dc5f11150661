// The message list as pure functions over an immutable array. One bubble per stored message, found
// again by its id (replays after a reconnect) or by its client id (our own message, acked here or
// echoed to another tab), so that nothing ever shows twice.
import type { Ack, Attachment, ChatMessage, RobotCard, Sender, SystemLine } from "../../common/protocol";
import type { Params } from "./translate";

export interface Bubble {
  /** stable render key */
  key: string;
  from: Sender;
  text: string;
  at: number;
  authorName?: string | null;
  id?: number;
  seq?: number;
  clientId?: string | null;
  /** the visitor's own message, not yet acknowledged by the server */
  pending?: boolean;
  attachment?: Attachment;
  /** the visitor's file being uploaded (its name), before the message can be sent */
  uploading?: string;
  /** a robot message's questions and offers */
  robot?: RobotCard;
  /** a system line's key: shown in the language the widget shows now */
  system?: SystemLine;
}

/** The render key of the robot's greeting shown before a conversation exists (it has no id yet). */
const GREETING_KEY = "robot-greeting";

/** A notice of this window (an agent joined), not a stored message; translated when rendered. */
export interface Note {
  key: string;
  note: string;
  params?: Params;
}

export type Item = Bubble | Note;

export const isNote = (item: Item): item is Note => "note" in item;

export function withMessage(items: Item[], m: ChatMessage): Item[] {
  if (items.some((b) => !isNote(b) && b.id === m.id)) return items;
  // The greeting, stored as the conversation's first message, takes the place of the one shown before.
  if (m.robot?.kind === "greeting") items = items.filter((b) => b.key !== GREETING_KEY);
  const mine = m.clientId ? items.findIndex((b) => !isNote(b) && b.clientId === m.clientId) : -1;
  if (mine >= 0) return replaceAt(items, mine, { id: m.id, seq: m.seq, at: m.at, pending: false });
  const bubble: Bubble = {
    key: `m${m.id}`,
    from: m.from,
    text: m.text,
    at: m.at,
    authorName: m.authorName,
    id: m.id,
    seq: m.seq,
    clientId: m.clientId,
    attachment: m.attachment,
    robot: m.robot,
    system: m.system,
  };
  // A replayed message can be older than our own unsent ones: put it before them, in seq order.
  let i = items.length;
  while (i > 0) {
    const prev = items[i - 1]!;
    if (isNote(prev) || (!prev.pending && (prev.seq ?? 0) < m.seq)) break;
    i--;
  }
  return [...items.slice(0, i), bubble, ...items.slice(i)];
}

/** The robot's greeting before the visitor has started a conversation (shown once, replaced by the stored one). */
export function withGreeting(items: Item[], greeting: { text: string; robot: RobotCard }): Item[] {
  return [...items.filter((b) => b.key !== GREETING_KEY), { key: GREETING_KEY, from: "robot", text: greeting.text, at: Date.now(), robot: greeting.robot }];
}

/** The list without the robot's not-yet-stored greeting (an agent's invitation takes its place). */
export function withoutGreeting(items: Item[]): Item[] {
  return items.filter((b) => b.key !== GREETING_KEY);
}

/** An agent's invitation to chat as their first bubble: shown here, not stored (the visitor's reply starts the conversation). */
export function withInvite(items: Item[], invite: { agentName: string; greeting: string }): Item[] {
  const at = Date.now();
  return [...items, { key: `invite-${at}`, from: "agent", text: invite.greeting, at, authorName: invite.agentName }];
}

export function withPending(items: Item[], clientId: string, text: string, extra: Partial<Bubble> = {}): Item[] {
  return [...items, { key: clientId, from: "visitor", text, at: Date.now(), clientId, pending: true, ...extra }];
}

/** An uploaded file is ready: the bubble carries it and waits for the message's ack. */
export function withUploaded(items: Item[], clientId: string, attachment: Attachment): Item[] {
  const i = items.findIndex((b) => !isNote(b) && b.clientId === clientId);
  return i < 0 ? items : replaceAt(items, i, { attachment, uploading: undefined });
}

export function withAck(items: Item[], ack: Ack): Item[] {
  const i = items.findIndex((b) => !isNote(b) && b.clientId === ack.clientId);
  // The stored text replaces the typed one when the server masked banned words in it.
  return i < 0 ? items : replaceAt(items, i, { id: ack.id, seq: ack.seq, at: ack.at, pending: false, ...(ack.text !== undefined ? { text: ack.text } : {}) });
}

export function withoutClientId(items: Item[], clientId: string): Item[] {
  return items.filter((b) => isNote(b) || b.clientId !== clientId);
}

export function withNote(items: Item[], note: string, params?: Params): Item[] {
  return [...items, { key: `n${items.length}-${Date.now()}`, note, params }];
}

/** The rating card of an ended conversation (a note of the list), unless it is already there. */
export function withRatingRequest(items: Item[], conversationId: string): Item[] {
  if (items.some((i) => isNote(i) && i.note === "rate" && i.params?.conversation === conversationId)) return items;
  return withNote(items, "rate", { conversation: conversationId });
}

/** "Email me the transcript" under an ended conversation (a note of the list), unless it is already there. */
export function withTranscriptOffer(items: Item[], conversationId: string): Item[] {
  if (items.some((i) => isNote(i) && i.note === "transcript" && i.params?.conversation === conversationId)) return items;
  return withNote(items, "transcript", { conversation: conversationId });
}

function replaceAt(items: Item[], i: number, patch: Partial<Bubble>): Item[] {
  const next = items.slice();
  next[i] = { ...(items[i] as Bubble), ...patch };
  return next;
}
