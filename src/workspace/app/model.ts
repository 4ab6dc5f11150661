// The workspace's state as the views see it. The browser store (src/workspace/app/store.ts)
// holds exactly this; the server renders `initialWorkspaceState(boot)` so that the first client
// render equals the server's markup and hydration needs no repair.
import type { AgentStatus, Attachment, ChatMessage, ConversationSummary } from "../../../common/protocol";
import type { TransferTargets } from "../../../common/transfer-targets";
import type { WorkspaceBoot } from "./boot";

export type ConnectionView = "connecting" | "connected" | "reconnecting" | "signedOut";

/** A reply sent but not yet acknowledged (or refused: `error` is the server's error code). */
export interface PendingReply {
  clientId: string;
  text: string;
  at: number;
  error?: string;
  /** a file sent with the reply: its name while it uploads, then what the message carries */
  uploading?: string;
  attachment?: Attachment;
  /** a note only agents see */
  internal?: true;
}

export interface TranscriptState {
  /** idle: history not asked for yet (live messages may already be here) */
  load: "idle" | "loading" | "loaded" | "failed";
  /** seq order, unique by id */
  messages: ChatMessage[];
  /** the messages API's cursor to the page before the first held message (null: none; absent: not asked yet) */
  earlier?: number | null;
  /** that earlier page is on its way */
  loadingEarlier?: boolean;
}

/** On a phone one of the three columns fills the screen: the list, the open conversation, or its visitor. */
export type WorkspacePane = "list" | "chat" | "visitor";

/** The transfer dialog: whom the conversation can go to, the agent's choice and note, the server's answer. */
export interface TransferDialog {
  conversationId: string;
  load: "loading" | "loaded" | "failed";
  targets: TransferTargets | null;
  /** "agent:<id>" or "group:<id>" */
  choice: string | null;
  note: string;
  /** the transfer frame is sent; the conversation's next summary (or an error) answers it */
  sending: boolean;
  /** why it was refused: a server reason (agent_unavailable, …) or offline / timeout / choose */
  error: string | null;
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
  /** conversations that closed a moment ago: still listed, marked closed, until they drop off */
  recentlyClosed: Record<string, true>;
  /** the conversation whose "end chat" waits for the agent's confirmation */
  confirmClose: string | null;
  transfer: TransferDialog | null;
  /** which column a phone shows (wider screens show all three) */
  pane: WorkspacePane;
  /** the keyboard shortcuts' help (`?`) is open */
  help: boolean;
}

/** What the views may ask for. On the server every action is a no-op. */
export interface WorkspaceActions {
  toggleStatus(): void;
  setStatus(status: AgentStatus): void;
  toggleStatusMenu(): void;
  openConversation(id: string): void;
  /** `asNote`: the composer is in note mode (no typing notice reaches the visitor) */
  editDraft(text: string, asNote?: boolean): void;
  /** `asNote`: send the draft as an internal note only agents see (data-testid="internal-note") */
  sendReply(asNote?: boolean): void;
  /** uploads an image or a file and sends it as a reply */
  sendFile(file: File): void;
  retryHistory(): void;
  dismissNotice(): void;
  /** supervisors: make another agent's conversation one's own */
  takeOver(id: string): void;
  /** end the open conversation: ask, then confirm or cancel */
  askClose(): void;
  confirmClose(): void;
  cancelClose(): void;
  /** the transfer dialog of the open conversation */
  openTransfer(): void;
  closeTransfer(): void;
  retryTransferTargets(): void;
  chooseTransferTarget(choice: string): void;
  editTransferNote(text: string): void;
  sendTransfer(): void;
  /** phones: show the list, the conversation or its visitor */
  showPane(pane: WorkspacePane): void;
  /** the transcript's page before the first message held */
  loadEarlier(): void;
  /** the keyboard shortcuts' help overlay */
  toggleHelp(open?: boolean): void;
}

export const noActions: WorkspaceActions = {
  toggleStatus() {},
  setStatus() {},
  toggleStatusMenu() {},
  openConversation() {},
  editDraft() {},
  sendReply() {},
  sendFile() {},
  retryHistory() {},
  dismissNotice() {},
  takeOver() {},
  askClose() {},
  confirmClose() {},
  cancelClose() {},
  openTransfer() {},
  closeTransfer() {},
  retryTransferTargets() {},
  chooseTransferTarget() {},
  editTransferNote() {},
  sendTransfer() {},
  showPane() {},
  loadEarlier() {},
  toggleHelp() {},
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
    recentlyClosed: {},
    confirmClose: null,
    transfer: null,
    pane: "list",
    help: false,
  };
}
