// The workspace's state as the views see it. The browser store (src/workspace/browser/store.ts)
// holds exactly this; the server renders `initialWorkspaceState(boot)` so that the first client
// render equals the server's markup and hydration needs no repair.
import type { AgentStatus, ChatMessage, ConversationSummary } from "../../src/chat/protocol";
import type { WorkspaceBoot } from "./boot";

export type ConnectionView = "connecting" | "connected" | "reconnecting" | "signedOut";

/** A reply sent but not yet acknowledged (or refused: `error` is the server's error code). */
export interface PendingReply {
  clientId: string;
  text: string;
  at: number;
  error?: string;
}

export interface TranscriptState {
  /** idle: history not asked for yet (live messages may already be here) */
  load: "idle" | "loading" | "loaded" | "failed";
  /** seq order, unique by id */
  messages: ChatMessage[];
}

export interface WorkspaceState {
  locale: "zh-CN" | "en";
  /** supervises: the role's scope lists others' open conversations too (read-only until taken over) */
  agent: { id: string; name: string; email: string; status: AgentStatus; supervises?: boolean };
  enterpriseName: string;
  connection: ConnectionView;
  conversations: Record<string, ConversationSummary>;
  openId: string | null;
  transcripts: Record<string, TranscriptState>;
  pending: Record<string, PendingReply[]>;
  drafts: Record<string, string>;
  visitorTyping: Record<string, boolean>;
  statusMenuOpen: boolean;
  /** how many times the agent was alerted (sound/notification/title); mirrored to data-alert */
  alerts: number;
  /** the clock the views read (time on site); 0 until the browser starts ticking */
  now: number;
  maxTextLength: number;
  /** a banner: a string key, or a server error code to explain (see errors.ts) */
  notice: { key: string } | { errorCode: string } | null;
}

/** What the views may ask for. On the server every action is a no-op. */
export interface WorkspaceActions {
  toggleStatus(): void;
  setStatus(status: AgentStatus): void;
  toggleStatusMenu(): void;
  openConversation(id: string): void;
  editDraft(text: string): void;
  sendReply(): void;
  retryHistory(): void;
  dismissNotice(): void;
  /** supervisors: make another agent's conversation one's own */
  takeOver(id: string): void;
}

export const noActions: WorkspaceActions = {
  toggleStatus() {},
  setStatus() {},
  toggleStatusMenu() {},
  openConversation() {},
  editDraft() {},
  sendReply() {},
  retryHistory() {},
  dismissNotice() {},
  takeOver() {},
};

export function initialWorkspaceState(boot: WorkspaceBoot): WorkspaceState {
  return {
    locale: boot.locale,
    agent: { ...boot.agent },
    enterpriseName: boot.enterpriseName,
    connection: "connecting",
    conversations: {},
    openId: null,
    transcripts: {},
    pending: {},
    drafts: {},
    visitorTyping: {},
    statusMenuOpen: false,
    alerts: 0,
    now: 0,
    maxTextLength: 4000,
    notice: null,
  };
}
