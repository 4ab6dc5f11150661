// Pure state transitions: what each server frame and each agent action does to the state.
// No sockets, timers or DOM here, so that every rule can be read (and tested) on its own.
import type { AgentStatus, Attachment, ChatMessage, ConversationSummary, VisitorSummary, Welcome, Ack } from "../../../common/protocol";
import type { PendingReply, TranscriptState, WorkspacePane, WorkspaceState } from "./model";
import type { TransferTargets } from "../../../common/transfer-targets";
import { isListed } from "./selectors";

type State = WorkspaceState;

/** Adds messages to a transcript, unique by id, in seq order. */
export function mergeMessages(held: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return held;
  const byId = new Map<number, ChatMessage>();
  for (const m of held) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq || a.id - b.id);
}

function transcriptOf(state: State, id: string): TranscriptState {
  return state.transcripts[id] ?? { load: "idle", messages: [] };
}

function withTranscript(state: State, id: string, t: TranscriptState): State {
  return { ...state, transcripts: { ...state.transcripts, [id]: t } };
}

/** Drops what the agent may no longer see, except the conversation they are looking at and those that just closed. */
function keepRelevant(state: State, conversations: Record<string, ConversationSummary>): Record<string, ConversationSummary> {
  const out: Record<string, ConversationSummary> = {};
  for (const c of Object.values(conversations)) if (c.id === state.openId || isListed(c, state.agent) || state.recentlyClosed[c.id]) out[c.id] = c;
  return out;
}

export function welcomed(state: State, w: Welcome, keepStatus: AgentStatus | null): State {
  const conversations: Record<string, ConversationSummary> = {};
  for (const c of w.conversations ?? []) conversations[c.id] = c;
  // The conversation on screen stays, marked closed, when the server no longer lists it.
  const open = state.openId ? state.conversations[state.openId] : undefined;
  if (open && !conversations[open.id]) conversations[open.id] = { ...open, status: "closed" };
  return {
    ...state,
    connection: "connected",
    agent: w.agent ? { ...state.agent, id: w.agent.id, name: w.agent.name, status: keepStatus ?? w.agent.status, supervises: !!w.agent.supervises } : state.agent,
    conversations: keepRelevant(state, conversations),
    maxTextLength: w.limits?.maxTextLength ?? state.maxTextLength,
  };
}

export function conversationUpdated(state: State, incoming: ConversationSummary): State {
  const held = state.conversations[incoming.id];
  let c = incoming;
  // A summary older than what live messages already told us keeps the newer last message.
  if (held && held.lastSeq > incoming.lastSeq) c = { ...incoming, lastSeq: held.lastSeq, lastMessage: held.lastMessage };
  let next = state;
  // One the agent had in the list that just closed stays a moment, marked closed (closedGone drops it).
  if (c.status === "closed" && held?.status === "open" && isListed(held, state.agent)) next = { ...next, recentlyClosed: { ...next.recentlyClosed, [c.id]: true } };
  // Nothing left to confirm once it closed or went to someone else.
  if (next.confirmClose === c.id && !(c.status === "open" && (c.agentId === null || c.agentId === state.agent.id))) next = { ...next, confirmClose: null };
  return { ...next, conversations: keepRelevant(next, { ...next.conversations, [c.id]: c }) };
}

/** A closed conversation's moment in the list is over: it drops off (unless it is on screen). */
export function closedGone(state: State, id: string): State {
  if (!state.recentlyClosed[id]) return state;
  const { [id]: _gone, ...recentlyClosed } = state.recentlyClosed;
  const next = { ...state, recentlyClosed };
  return { ...next, conversations: keepRelevant(next, state.conversations) };
}

/** A live or replayed message. `viewing`: the agent is looking at this conversation right now. */
export function messageReceived(state: State, m: ChatMessage, viewing: boolean): State {
  const t = transcriptOf(state, m.conversationId);
  let next = withTranscript(state, m.conversationId, { ...t, messages: mergeMessages(t.messages, [m]) });
  const c = state.conversations[m.conversationId];
  // Only a message the summary does not yet reflect may count as unread (the server's
  // `conversation` frame for it may have come first).
  if (c && m.seq > c.lastSeq) {
    const unread = m.from === "visitor" && !viewing ? c.unread + 1 : c.unread;
    next = {
      ...next,
      conversations: { ...next.conversations, [c.id]: { ...c, lastSeq: m.seq, unread, lastMessage: { from: m.from, text: m.text, at: m.at, ...(m.attachment ? { file: m.attachment.name } : {}), ...(m.system ? { system: m.system } : {}) } } },
    };
  }
  if (m.from === "visitor" && next.visitorTyping[m.conversationId]) next = visitorTyping(next, m.conversationId, false);
  return next;
}

export function historyLoading(state: State, id: string): State {
  return withTranscript(state, id, { ...transcriptOf(state, id), load: "loading" });
}

/**
 * The newest page arrived (`earlier`: the cursor to the page before it). What is held joins it
 * unless there is a gap between them (many messages came while away): then the page replaces it,
 * and the rest is reached by paging back.
 */
export function historyLoaded(state: State, id: string, messages: ChatMessage[], earlier: number | null = null): State {
  const t = transcriptOf(state, id);
  const first = messages[0]?.seq;
  const lastHeld = t.messages[t.messages.length - 1]?.seq;
  const gap = first !== undefined && lastHeld !== undefined && first > lastHeld + 1;
  const held = gap ? t.messages.filter((m) => m.seq >= first) : t.messages;
  const merged = mergeMessages(held, messages);
  // Paging back continues from the first message held (an earlier page may already be here).
  const keepCursor = !gap && t.earlier !== undefined && (held[0]?.seq ?? Infinity) < (first ?? Infinity);
  return withTranscript(state, id, { load: "loaded", messages: merged, earlier: keepCursor ? t.earlier : earlier, loadingEarlier: false });
}

export function earlierLoading(state: State, id: string): State {
  return withTranscript(state, id, { ...transcriptOf(state, id), loadingEarlier: true });
}

/** A page before the first held message: put in front; `earlier` now points before it. */
export function earlierLoaded(state: State, id: string, messages: ChatMessage[], earlier: number | null): State {
  const t = transcriptOf(state, id);
  return withTranscript(state, id, { ...t, messages: mergeMessages(t.messages, messages), earlier, loadingEarlier: false });
}

export function earlierFailed(state: State, id: string): State {
  return withTranscript(state, id, { ...transcriptOf(state, id), loadingEarlier: false });
}

/** Phones show one column at a time; without an open conversation only the list makes sense. */
export function paneShown(state: State, pane: WorkspacePane): State {
  const next = pane !== "list" && !state.openId ? "list" : pane;
  return next === state.pane ? state : { ...state, pane: next };
}

/** The next (+1) or previous (-1) conversation in the list's order, from the open one (or the first). */
export function neighbour(listed: { id: string }[], openId: string | null, step: 1 | -1): string | null {
  if (listed.length === 0) return null;
  const at = listed.findIndex((c) => c.id === openId);
  if (at < 0) return listed[step === 1 ? 0 : listed.length - 1]!.id;
  return listed[Math.min(listed.length - 1, Math.max(0, at + step))]!.id;
}

export function historyFailed(state: State, id: string): State {
  return withTranscript(state, id, { ...transcriptOf(state, id), load: "failed" });
}

/** Opening another conversation also lets go of the previous one if it closed or left meanwhile. */
export function opened(state: State, id: string): State {
  const next = { ...state, openId: id, statusMenuOpen: false, confirmClose: state.confirmClose === id ? id : null, transfer: null, pane: "chat" as const };
  return { ...next, conversations: keepRelevant(next, state.conversations) };
}

// ---- ending and transferring ---------------------------------------------------------------

export function closeAsked(state: State, id: string | null): State {
  return state.confirmClose === id ? state : { ...state, confirmClose: id };
}

export function transferOpened(state: State, conversationId: string): State {
  return { ...state, confirmClose: null, transfer: { conversationId, load: "loading", targets: null, choice: null, note: "", sending: false, error: null } };
}

type Dialog = NonNullable<State["transfer"]>;
function withDialog(state: State, change: (d: Dialog) => Dialog): State {
  return state.transfer ? { ...state, transfer: change(state.transfer) } : state;
}

export function transferTargetsLoaded(state: State, targets: TransferTargets | null): State {
  return withDialog(state, (d) => (targets ? { ...d, load: "loaded", targets } : { ...d, load: "failed" }));
}

export function transferEdited(state: State, change: { choice?: string; note?: string }): State {
  return withDialog(state, (d) => ({ ...d, ...change, error: change.choice ? null : d.error }));
}

export function transferSent(state: State): State {
  return withDialog(state, (d) => ({ ...d, sending: true, error: null }));
}

/** The server refused (or never answered): the dialog stays open and says why. */
export function transferRefused(state: State, reason: string): State {
  return withDialog(state, (d) => ({ ...d, sending: false, error: reason }));
}

/** The conversation moved: the dialog closes and a banner says so. */
export function transferDone(state: State): State {
  return { ...state, transfer: null, notice: { key: "transfer.done" } };
}

/** The agent has seen everything in this conversation. */
export function markedRead(state: State, id: string): State {
  const c = state.conversations[id];
  if (!c || c.unread === 0) return state;
  return { ...state, conversations: { ...state.conversations, [id]: { ...c, unread: 0 } } };
}

export function draftEdited(state: State, id: string, text: string): State {
  return { ...state, drafts: { ...state.drafts, [id]: text } };
}

/** `clearDraft`: false for a file, which leaves what the agent was typing alone */
export function replyQueued(state: State, id: string, reply: PendingReply, clearDraft = true): State {
  return {
    ...state,
    drafts: clearDraft ? { ...state.drafts, [id]: "" } : state.drafts,
    pending: { ...state.pending, [id]: [...(state.pending[id] ?? []), reply] },
  };
}

/** A file of a pending reply is stored: the reply now carries it and waits for its ack. */
export function replyUploaded(state: State, id: string, clientId: string, attachment: Attachment): State {
  const list = state.pending[id];
  if (!list) return state;
  return { ...state, pending: { ...state.pending, [id]: list.map((r) => (r.clientId === clientId ? { ...r, attachment } : r)) } };
}

export function replyAcked(state: State, ack: Ack, agentName: string): State {
  const list = state.pending[ack.conversationId] ?? [];
  const p = list.find((r) => r.clientId === ack.clientId);
  if (!p) return state;
  const stored: ChatMessage = {
    type: "message",
    conversationId: ack.conversationId,
    id: ack.id,
    seq: ack.seq,
    clientId: ack.clientId,
    from: "agent",
    authorName: agentName,
    // the stored text (banned words masked) when the server says it differs
    text: ack.text ?? p.text,
    at: ack.at,
    ...(p.internal ? { internal: true } : {}),
    ...(p.attachment ? { attachment: p.attachment } : {}),
  };
  const next = {
    ...state,
    pending: { ...state.pending, [ack.conversationId]: list.filter((r) => r !== p) },
  };
  return messageReceived(next, stored, true);
}

export function replyFailed(state: State, clientId: string, code: string): State {
  for (const [id, list] of Object.entries(state.pending)) {
    if (!list.some((r) => r.clientId === clientId)) continue;
    return { ...state, pending: { ...state.pending, [id]: list.map((r) => (r.clientId === clientId ? { ...r, error: code } : r)) } };
  }
  return state;
}

export function visitorTyping(state: State, id: string, typing: boolean): State {
  if (!!state.visitorTyping[id] === typing) return state;
  const visitorTyping = { ...state.visitorTyping };
  if (typing) visitorTyping[id] = true;
  else delete visitorTyping[id];
  return { ...state, visitorTyping };
}

export function visitorUpdated(state: State, v: VisitorSummary): State {
  let changed = false;
  const conversations = { ...state.conversations };
  for (const c of Object.values(conversations)) {
    if (c.visitor.id !== v.id) continue;
    conversations[c.id] = { ...c, visitor: v };
    changed = true;
  }
  return changed ? { ...state, conversations } : state;
}

export function statusChanged(state: State, status: AgentStatus): State {
  if (state.agent.status === status && !state.statusMenuOpen) return state;
  return { ...state, agent: { ...state.agent, status }, statusMenuOpen: false };
}
