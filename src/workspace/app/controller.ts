// Wires the live connection, the store and the agent's actions together. Server frames go
// through the pure transitions in transitions.ts; side effects (socket frames, fetches, alerts,
// timers) live here and only here.
import { ChatConnection, newClientId, type ConnectionState } from "../../../common/chat-client";
import { LIMITS, type AgentStatus, type Attachment, type ChatMessage, type ConversationSummary, type ErrorFrame, type TypingNotice, type Welcome } from "../../../common/protocol";
import type { WorkspaceBoot } from "./boot";
import type { ConnectionView, WorkspaceActions, WorkspaceState } from "./model";
import { isVisibleTo, listedConversations } from "./selectors";
import type { WorkspaceTranslate } from "./translate";
import { AlertSound } from "./alert-sound";
import { Alerter } from "./alerts";
import { askNotificationPermissionOnce } from "./desktop-notification";
import { fetchHistory, HistoryError } from "./history";
import { enablePush, registerWorker } from "./push/enable";
import { isPageFocused, onPageFocusChange } from "./page-focus";
import type { WorkspaceStore } from "./store";
import { TitleFlasher } from "./title-flasher";
import * as tr from "./transitions";
import { TypingSender } from "./typing-sender";

/** A visitor's typing:true that is never followed by typing:false (lost tab) expires. */
const VISITOR_TYPING_TTL_MS = 6000;
/** A summary ahead of the transcript gets this long for its message frames before we refetch. */
const CATCH_UP_GRACE_MS = 1500;
/** An error this soon after a status change is taken as the server refusing it. */
const STATUS_REFUSAL_MS = 3000;
const CLOCK_TICK_MS = 15_000;
/** A conversation that closed stays in the list this long, marked closed, then drops off. */
const CLOSED_LINGER_MS = 8000;
/** A transfer the server neither moved nor refused by then is reported as unanswered. */
const TRANSFER_ANSWER_MS = 8000;
/** Refusals of a transfer the dialog explains in its own words; others by their error code. */
const TRANSFER_REASONS = new Set(["agent_unavailable", "transfer_same_agent", "conversation_closed", "not_found"]);
/** Error codes worth a banner when they are not about one reply. */
const NOTICE_CODES = new Set(["rate_limited", "forbidden", "conflict", "too_large", "internal"]);

const CONNECTION_VIEW: Record<Exclude<ConnectionState, "closed">, ConnectionView> = {
  connecting: "connecting",
  open: "connected",
  reconnecting: "reconnecting",
};

export interface WorkspaceController {
  actions: WorkspaceActions;
  start(): void;
  /** keyboard: open the next (+1) or previous (-1) conversation of the list; returns the one now open */
  openNeighbour(step: 1 | -1): string | null;
}

export function createController(boot: WorkspaceBoot, store: WorkspaceStore, t: WorkspaceTranslate, root: HTMLElement): WorkspaceController {
  const sound = new AlertSound();
  const flasher = new TitleFlasher();
  let conn: ChatConnection | null = null;
  let welcomedOnce = false;
  /** a status chosen while the socket was down: sent on the next welcome */
  let unsentStatus: AgentStatus | null = null;
  let statusRequest: { previous: AgentStatus; at: number } | null = null;
  const readSent: Record<string, number> = {};
  const typingExpiry = new Map<string, ReturnType<typeof setTimeout>>();
  const catchUp = new Map<string, ReturnType<typeof setTimeout>>();
  let transferTimer: ReturnType<typeof setTimeout> | undefined;

  const typing = new TypingSender((conversationId, isTyping) => {
    conn?.send({ type: "typing", conversationId, typing: isTyping });
  });
  const alerter = new Alerter({ store, t, sound, flasher, root, openConversation: (id) => actions.openConversation(id) });

  const state = (): WorkspaceState => store.get();
  const viewing = (id: string) => state().openId === id && isPageFocused();

  function highestSeq(id: string): number {
    const c = state().conversations[id];
    const msgs = state().transcripts[id]?.messages ?? [];
    return Math.max(c?.lastSeq ?? 0, msgs[msgs.length - 1]?.seq ?? 0);
  }

  /** The agent sees the open conversation: clear its unread count here and on the server. */
  function markReadIfViewing(): void {
    const id = state().openId;
    if (!id || !viewing(id)) return;
    store.update((s) => tr.markedRead(s, id));
    const seq = highestSeq(id);
    if (seq > (readSent[id] ?? 0) && conn?.send({ type: "read", conversationId: id, seq })) readSent[id] = seq;
  }

  function loadHistory(id: string): void {
    store.update((s) => tr.historyLoading(s, id));
    fetchHistory(id).then(
      (page) => {
        store.update((s) => tr.historyLoaded(s, id, page.messages, page.earlier));
        markReadIfViewing();
      },
      (err) => {
        if (err instanceof HistoryError && err.status === 401) signedOut();
        else store.update((s) => tr.historyFailed(s, id));
      },
    );
  }

  /** The page before the first message held (scrolling to the top, or the "earlier messages" button). */
  function loadEarlier(id: string): void {
    const t = state().transcripts[id];
    if (!t || t.load !== "loaded" || t.loadingEarlier || typeof t.earlier !== "number") return;
    const before = t.earlier;
    store.update((s) => tr.earlierLoading(s, id));
    fetchHistory(id, before).then(
      (page) => store.update((s) => tr.earlierLoaded(s, id, page.messages, page.earlier)),
      (err) => {
        if (err instanceof HistoryError && err.status === 401) signedOut();
        else store.update((s) => tr.earlierFailed(s, id));
      },
    );
  }

  /** Tells the server whether this tab is on screen: with none on screen, the agent's devices get Web Push alerts. */
  function reportVisibility(): void {
    conn?.send({ type: "visibility", visible: document.visibilityState === "visible" });
  }

  /** Notifications allowed: this device gets Web Push alerts too (saved once; later calls refresh it). */
  function pushOnThisDevice(): void {
    void enablePush(boot.csrfToken, false);
  }

  /** If the summary says there is more than the transcript holds and no message frame brings it, refetch. */
  function ensureCaughtUp(id: string): void {
    const behind = () => {
      const tx = state().transcripts[id];
      const last = tx?.messages[tx.messages.length - 1]?.seq ?? 0;
      return tx?.load === "loaded" && (state().conversations[id]?.lastSeq ?? 0) > last;
    };
    if (!behind() || catchUp.has(id)) return;
    catchUp.set(
      id,
      setTimeout(() => {
        catchUp.delete(id);
        if (behind() && state().openId === id) loadHistory(id);
      }, CATCH_UP_GRACE_MS),
    );
  }

  function signedOut(): void {
    conn?.close();
    typing.stop();
    alerter.seen();
    store.update((s) => ({ ...s, connection: "signedOut", notice: { key: "notice.signedOut" } }));
  }

  function forget(id: string): void {
    conn?.forget(id);
    delete readSent[id];
  }

  // ---- server frames ----------------------------------------------------------------------

  function onWelcome(w: Welcome): void {
    const first = !welcomedOnce;
    welcomedOnce = true;
    const known = new Set(Object.keys(state().conversations));
    const listed = w.conversations ?? [];
    if (conn) {
      // Name every listed conversation in the next hello's resume, so that after a reconnect the
      // server replays what we missed instead of sending a bare snapshot. Replays of the
      // conversations already named arrive after this frame, so their cursors stay as they are.
      for (const c of listed) if (!(c.id in conn.lastSeqs)) conn.hold(c.id, c.lastSeq);
      const ids = new Set(listed.map((c) => c.id));
      for (const id of Object.keys(conn.lastSeqs)) if (!ids.has(id) && id !== state().openId) conn.forget(id);
    }
    store.update((s) => tr.welcomed(s, w, unsentStatus));
    reportVisibility();
    if (unsentStatus && conn?.send({ type: "status", status: unsentStatus })) unsentStatus = null;
    if (!first) for (const c of listed) if (!known.has(c.id) && isVisibleTo(c, state().agent.id)) alerter.alert("conversation", c);
    const open = state().openId;
    if (open && state().transcripts[open]?.load === "failed") loadHistory(open);
    markReadIfViewing();
  }

  function onMessage(m: ChatMessage): void {
    const id = m.conversationId;
    const isViewing = viewing(id);
    store.update((s) => tr.messageReceived(s, m, isViewing));
    if (m.from !== "visitor") return;
    clearTimeout(typingExpiry.get(id));
    typingExpiry.delete(id);
    const c = state().conversations[id];
    if (isViewing) markReadIfViewing();
    // An unknown conversation alerts when its summary arrives (onConversation).
    else if (c && isVisibleTo(c, state().agent.id)) alerter.alert("message", c, m.text);
  }

  function onConversation(incoming: ConversationSummary): void {
    const before = state().conversations[incoming.id];
    store.update((s) => tr.conversationUpdated(s, incoming));
    // The answer to a transfer: the conversation moved (or closed under it).
    if (state().transfer?.sending && state().transfer?.conversationId === incoming.id) finishTransfer(incoming.status === "closed" ? "conversation_closed" : null);
    const after = state().conversations[incoming.id];
    if (!after) {
      forget(incoming.id);
      return;
    }
    if (after.status === "closed" && before?.status === "open") {
      forget(after.id);
      setTimeout(() => store.update((s) => tr.closedGone(s, after.id)), CLOSED_LINGER_MS);
    }
    const visible = isVisibleTo(after, state().agent.id);
    if (!before && visible && welcomedOnce) alerter.alert("conversation", after);
    // Some servers announce a visitor's words by summary only; alert on those too (deduplicated).
    else if (before && visible && after.lastSeq > before.lastSeq && after.lastMessage?.from === "visitor" && !viewing(after.id))
      alerter.alert("message", after);
    if (after.id === state().openId) {
      markReadIfViewing();
      ensureCaughtUp(after.id);
    }
  }

  function onTyping(f: TypingNotice): void {
    if (f.from !== "visitor") return;
    clearTimeout(typingExpiry.get(f.conversationId));
    typingExpiry.delete(f.conversationId);
    store.update((s) => tr.visitorTyping(s, f.conversationId, f.typing));
    if (f.typing)
      typingExpiry.set(
        f.conversationId,
        setTimeout(() => store.update((s) => tr.visitorTyping(s, f.conversationId, false)), VISITOR_TYPING_TTL_MS),
      );
  }

  function onError(f: ErrorFrame): void {
    if (f.code === "unauthorized") return signedOut();
    if (state().transfer?.sending && !f.clientId && f.code !== "rate_limited") return finishTransfer(TRANSFER_REASONS.has(f.reason) ? f.reason : f.code);
    if (f.clientId) {
      store.update((s) => tr.replyFailed(s, f.clientId!, f.code));
      return;
    }
    if (f.reason === "seat_without_service") {
      // The seat has no service (F15): going online was refused, or it came back offline. Say why.
      if (statusRequest) {
        const previous = statusRequest.previous;
        statusRequest = null;
        store.update((s) => tr.statusChanged(s, previous));
      }
      store.update((s) => ({ ...s, notice: { key: "error.seat_without_service" } }));
      return;
    }
    if (statusRequest && Date.now() - statusRequest.at < STATUS_REFUSAL_MS && (f.code === "forbidden" || f.code === "conflict")) {
      const previous = statusRequest.previous;
      statusRequest = null;
      store.update((s) => tr.statusChanged(s, previous));
    }
    if (NOTICE_CODES.has(f.code)) store.update((s) => ({ ...s, notice: { errorCode: f.code } }));
  }

  /** The server answered the transfer: null when it moved the conversation, else why not. */
  function finishTransfer(refusal: string | null): void {
    clearTimeout(transferTimer);
    store.update((s) => (refusal ? tr.transferRefused(s, refusal) : tr.transferDone(s)));
  }

  function loadTransferTargets(conversationId: string): void {
    store.update((s) => tr.transferOpened(s, conversationId));
    fetch("/api/transfer-targets", { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(async (res) => {
        if (res.status === 401) return signedOut();
        const targets = res.ok ? await res.json() : null;
        if (state().transfer?.conversationId === conversationId) store.update((s) => tr.transferTargetsLoaded(s, targets));
      })
      .catch(() => store.update((s) => tr.transferTargetsLoaded(s, null)));
  }

  // ---- the agent's actions ------------------------------------------------------------------

  function setStatus(status: AgentStatus): void {
    // Both calls need the user gesture this action runs in.
    sound.unlock();
    if (status === "online") askNotificationPermissionOnce(pushOnThisDevice);
    statusRequest = { previous: state().agent.status, at: Date.now() };
    // Optimistic: the server's `status` frame confirms (or corrects) it.
    store.update((s) => tr.statusChanged(s, status));
    unsentStatus = conn?.send({ type: "status", status }) ? null : status;
  }

  const actions: WorkspaceActions = {
    toggleStatus() {
      setStatus(state().agent.status === "online" ? "offline" : "online");
    },
    setStatus,
    toggleStatusMenu() {
      store.update((s) => ({ ...s, statusMenuOpen: !s.statusMenuOpen }));
    },
    openConversation(id) {
      if (state().openId !== id) typing.stop();
      store.update((s) => ({ ...tr.opened(s, id), now: Date.now() }));
      const load = state().transcripts[id]?.load ?? "idle";
      if (load === "idle" || load === "failed") loadHistory(id);
      markReadIfViewing();
    },
    editDraft(text, asNote) {
      const id = state().openId;
      if (!id) return;
      store.update((s) => tr.draftEdited(s, id, text));
      // A note being written is nothing the visitor may see, not even as "typing".
      if (asNote) typing.stop();
      else typing.input(id, text);
    },
    sendReply(asNote) {
      const s = state();
      const id = s.openId;
      if (!id || !conn || s.connection === "signedOut") return;
      const c = s.conversations[id];
      if (!c || !isVisibleTo(c, s.agent.id)) return;
      // Surrounding blank lines are an accident of Enter/Shift+Enter; inner ones are meant.
      const text = (s.drafts[id] ?? "").replace(/^\s*\n|\s+$/g, "");
      if (text.trim() === "") return;
      if (text.length > s.maxTextLength) {
        store.update((x) => ({ ...x, notice: { errorCode: "too_large" } }));
        return;
      }
      const clientId = newClientId();
      typing.stop();
      store.update((x) => tr.replyQueued(x, id, { clientId, text, at: Date.now(), ...(asNote ? { internal: true as const } : {}) }));
      void (asNote ? conn.sendNote(text, id, clientId) : conn.sendMessage(text, id, clientId)).then((ack) => store.update((x) => tr.replyAcked(x, ack, x.agent.name)));
    },
    sendFile(file) {
      const s = state();
      const id = s.openId;
      if (!id || !conn || s.connection === "signedOut") return;
      const c = s.conversations[id];
      if (!c || !isVisibleTo(c, s.agent.id)) return;
      const clientId = newClientId();
      store.update((x) => tr.replyQueued(x, id, { clientId, text: "", at: Date.now(), uploading: file.name }, false));
      if (file.size > LIMITS.maxAttachmentBytes) {
        store.update((x) => tr.replyFailed(x, clientId, "upload_too_large"));
        return;
      }
      const body = new FormData();
      body.append("file", file);
      // Uploaded first (the server checks the type by content), then sent as a message that names it.
      fetch(`/api/conversations/${encodeURIComponent(id)}/attachments`, { method: "POST", body, credentials: "same-origin", headers: { "x-csrf-token": boot.csrfToken, accept: "application/json" } })
        .then(async (res) => {
          const reply = await res.json().catch(() => ({}));
          if (!res.ok || !reply.attachment) throw new Error(reply?.error?.code ?? "upload_failed");
          const attachment = reply.attachment as Attachment;
          store.update((x) => tr.replyUploaded(x, id, clientId, attachment));
          return conn!.sendMessage("", id, clientId, { id: attachment.id });
        })
        .then(
          (ack) => store.update((x) => tr.replyAcked(x, ack, x.agent.name)),
          // A refused upload says why; a failed request is one code.
          (e: Error) => store.update((x) => tr.replyFailed(x, clientId, e instanceof TypeError ? "upload_failed" : e.message)),
        );
    },
    retryHistory() {
      const id = state().openId;
      if (id) loadHistory(id);
    },
    loadEarlier() {
      const id = state().openId;
      if (id) loadEarlier(id);
    },
    showPane(pane) {
      store.update((s) => tr.paneShown(s, pane));
    },
    toggleHelp(open) {
      store.update((s) => {
        const help = open ?? !s.help;
        return help === s.help ? s : { ...s, help, statusMenuOpen: false };
      });
    },
    dismissNotice() {
      store.update((s) => ({ ...s, notice: null }));
    },
    askClose() {
      const id = state().openId;
      if (id) store.update((s) => tr.closeAsked(s, id));
    },
    cancelClose() {
      store.update((s) => tr.closeAsked(s, null));
    },
    confirmClose() {
      const id = state().confirmClose;
      if (!id) return;
      store.update((s) => tr.closeAsked(s, null));
      // The server answers with the closed summary (and the visitor's note) to every tab.
      if (!conn?.send({ type: "close", conversationId: id })) store.update((s) => ({ ...s, notice: { key: "notice.offline" } }));
    },
    openTransfer() {
      const id = state().openId;
      if (id) loadTransferTargets(id);
    },
    retryTransferTargets() {
      const id = state().transfer?.conversationId;
      if (id) loadTransferTargets(id);
    },
    closeTransfer() {
      clearTimeout(transferTimer);
      store.update((s) => (s.transfer ? { ...s, transfer: null } : s));
    },
    chooseTransferTarget(choice) {
      store.update((s) => tr.transferEdited(s, { choice }));
    },
    editTransferNote(note) {
      store.update((s) => tr.transferEdited(s, { note }));
    },
    sendTransfer() {
      const d = state().transfer;
      if (!d || d.sending) return;
      if (!d.choice) return store.update((s) => tr.transferRefused(s, "choose"));
      const colon = d.choice.indexOf(":");
      const [kind, id] = [d.choice.slice(0, colon), d.choice.slice(colon + 1)];
      const note = d.note.trim();
      const frame = { type: "transfer" as const, conversationId: d.conversationId, ...(kind === "agent" ? { toAgentId: id } : { toGroupId: id }), ...(note ? { note } : {}) };
      if (!conn?.send(frame)) return store.update((s) => tr.transferRefused(s, "offline"));
      store.update(tr.transferSent);
      clearTimeout(transferTimer);
      transferTimer = setTimeout(() => {
        if (state().transfer?.sending) store.update((s) => tr.transferRefused(s, "timeout"));
      }, TRANSFER_ANSWER_MS);
    },
    takeOver(id) {
      // The server moves it and sends everyone concerned the new summary (this tab included).
      void fetch(`/api/conversations/${encodeURIComponent(id)}/take`, { method: "POST", credentials: "same-origin", headers: { "x-csrf-token": boot.csrfToken, accept: "application/json" } }).then(
        (res) => {
          if (res.status === 401) signedOut();
          else if (!res.ok) store.update((s) => ({ ...s, notice: { errorCode: res.status === 409 ? "conflict" : "forbidden" } }));
        },
        () => store.update((s) => ({ ...s, notice: { errorCode: "internal" } })),
      );
    },
  };

  /** Opens a conversation as soon as the server has listed it (at once if it already has). */
  function openWhenListed(id: string): void {
    if (state().conversations[id]) return actions.openConversation(id);
    const stop = store.subscribe((s) => {
      if (!s.conversations[id]) return;
      stop();
      actions.openConversation(id);
    });
  }

  /** Keyboard: the next (+1) or previous (-1) conversation of the list; returns the one now open. */
  function openNeighbour(step: 1 | -1): string | null {
    const id = tr.neighbour(listedConversations(state()), state().openId, step);
    if (id && id !== state().openId) actions.openConversation(id);
    return state().openId;
  }

  function start(): void {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    conn = new ChatConnection({
      url: `${scheme}//${location.host}${boot.socketPath}`,
      hello: (lastSeqs) => ({ type: "hello", role: "agent", resume: lastSeqs }),
      onState: (s) => {
        if (s === "closed") return;
        store.update((x) => (x.connection === "signedOut" ? x : { ...x, connection: CONNECTION_VIEW[s] }));
      },
    });
    conn.on("welcome", onWelcome);
    conn.on("message", onMessage);
    conn.on("conversation", (f) => onConversation(f.conversation));
    conn.on("typing", onTyping);
    conn.on("status", (f) => {
      unsentStatus = null;
      statusRequest = null;
      store.update((s) => tr.statusChanged(s, f.status));
    });
    conn.on("visitor", (f) => store.update((s) => tr.visitorUpdated(s, f.visitor)));
    conn.on("lead", (f) => alerter.lead(f.lead));
    conn.on("error", onError);

    sound.unlockOnFirstGesture();
    // An agent whose status was already online when the page loaded never clicks "go online":
    // ask for notifications on their first click instead (once; browsers require a gesture).
    window.addEventListener(
      "pointerdown",
      () => {
        if (state().agent.status !== "offline") askNotificationPermissionOnce(pushOnThisDevice);
      },
      { once: true, capture: true },
    );
    document.addEventListener("visibilitychange", reportVisibility);
    // The service worker: the app shell offline, and the push alerts (which it shows while no tab is on screen).
    void registerWorker().then(() => {
      if ("Notification" in window && Notification.permission === "granted") pushOnThisDevice();
    });
    // A tapped alert opens its conversation: in a new tab by its URL (?c=), in this one by the worker's message.
    const asked = new URLSearchParams(location.search).get("c");
    if (asked) openWhenListed(asked);
    navigator.serviceWorker?.addEventListener("message", (e: MessageEvent) => {
      const data = e.data as { type?: string; url?: string } | null;
      if (data?.type !== "parley:open" || typeof data.url !== "string") return;
      const id = new URL(data.url, location.origin).searchParams.get("c");
      if (id) openWhenListed(id);
    });
    onPageFocusChange((focused) => {
      if (!focused) return;
      alerter.seen();
      markReadIfViewing();
    });
    const tick = () => store.update((s) => ({ ...s, now: Date.now() }));
    tick();
    setInterval(tick, CLOCK_TICK_MS);
  }

  return { actions, start, openNeighbour };
}
