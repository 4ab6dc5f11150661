// A reconnecting protocol client for browsers (widget, workspace) and Bun (load tool, tests).
// It owns what every client must get right once: heartbeats, backoff, resending unacknowledged
// messages with their original client ids, and remembering the last seq of each conversation so
// that a reconnect asks for exactly what was missed.
import { CLOSE_CODES, LIMITS, type Ack, type ChatMessage, type ClientFrame, type Hello, type SendMessage, type ServerFrame } from "./protocol";

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

type Handler = (frame: any) => void;

export interface ClientOptions {
  url: string;
  /** builds the hello frame; called on every (re)connect with the seqs the client holds */
  hello: (lastSeqs: Record<string, number>) => Hello;
  /** Bun only: extra headers (e.g. the agent's session cookie) */
  headers?: Record<string, string>;
  onState?: (state: ConnectionState) => void;
}

interface Pending {
  frame: ClientFrame & { clientId: string };
  resolve: (ack: Ack) => void;
}

export function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export class ChatConnection {
  state: ConnectionState = "connecting";
  /** conversationId → highest seq received */
  readonly lastSeqs: Record<string, number> = {};
  private ws: WebSocket | null = null;
  private handlers = new Map<string, Set<Handler>>();
  private pending = new Map<string, Pending>();
  private attempt = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private welcomed = false;
  private stopped = false;

  constructor(private opts: ClientOptions) {
    this.connect();
  }

  on<T extends ServerFrame["type"]>(type: T, handler: (frame: Extract<ServerFrame, { type: T }>) => void): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as Handler);
    return () => set!.delete(handler as Handler);
  }

  /** Sends a chat message (with an uploaded attachment); resolves with the server's ack (after it is stored). Survives reconnects. */
  sendMessage(text: string, conversationId?: string, clientId = newClientId(), attachment?: { id: string }): Promise<Ack> {
    return this.sendAcked({ type: "message", clientId, text, ...(conversationId ? { conversationId } : {}), ...(attachment ? { attachment: { id: attachment.id } } : {}) });
  }

  /** Agents: a note in the conversation that only agents and supervisors see (never the visitor); acknowledged like a message. */
  sendNote(text: string, conversationId: string, clientId = newClientId()): Promise<Ack> {
    return this.sendAcked({ type: "message", clientId, text, conversationId, internal: true });
  }

  /** Visitors: the reply to an agent's invitation (a person answers it, not the robot); acknowledged like a message. */
  sendInvitedReply(text: string, clientId = newClientId()): Promise<Ack> {
    return this.sendAcked({ type: "message", clientId, text, invited: true });
  }

  /** Visitors: picks one of the robot's questions (`question` is its wording, as shown); acknowledged like a message. */
  sendPick(key: string, question: string, clientId = newClientId()): Promise<Ack> {
    return this.sendAcked({ type: "message", clientId, text: question, pick: key });
  }

  private sendAcked(frame: SendMessage): Promise<Ack> {
    return new Promise((resolve) => {
      this.pending.set(frame.clientId, { frame, resolve });
      if (this.welcomed) this.raw(frame);
    });
  }

  /** Sends a frame that needs no acknowledgement (typing, read, status, page); dropped while offline. */
  send(frame: ClientFrame): boolean {
    if (!this.welcomed && frame.type !== "hello") return false;
    return this.raw(frame);
  }

  /** Records that the client holds a conversation up to `seq` (e.g. from a snapshot or history),
   *  so the next hello asks only for what comes after. Never moves a cursor backwards. */
  hold(conversationId: string, seq: number): void {
    if (!(conversationId in this.lastSeqs) || seq > this.lastSeqs[conversationId]!) this.lastSeqs[conversationId] = seq;
  }

  /** Stops asking for a conversation on reconnect (it was closed or taken by someone else). */
  forget(conversationId: string): void {
    delete this.lastSeqs[conversationId];
  }

  close(): void {
    this.stopped = true;
    this.stopHeartbeat();
    this.ws?.close(1000);
    this.setState("closed");
  }

  /** Drops the socket as a network failure would; the client reconnects by itself. For tests. */
  drop(): void {
    this.ws?.close(4000, "dropped");
  }

  private raw(frame: ClientFrame): boolean {
    if (this.ws?.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    if (this.stopped) return;
    this.welcomed = false;
    const WS: any = WebSocket;
    const ws: WebSocket = this.opts.headers ? new WS(this.opts.url, { headers: this.opts.headers }) : new WebSocket(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      this.lastHeard = Date.now();
      this.raw(this.opts.hello({ ...this.lastSeqs }));
      this.startHeartbeat();
    };
    ws.onmessage = (ev) => {
      this.lastHeard = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      this.receive(frame);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.stopHeartbeat();
      this.welcomed = false;
      // A blocked visitor (黑名单) is not let in again: retrying would only knock on a closed door.
      if (ev.code === CLOSE_CODES.blocked) this.stopped = true;
      if (this.stopped) return this.setState("closed");
      this.setState("reconnecting");
      // Exponential backoff with jitter so that a restarted server is not hit by every client at once.
      const base = Math.min(15_000, 500 * 2 ** this.attempt++);
      setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
    };
    ws.onerror = () => {};
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case "welcome":
        this.welcomed = true;
        this.attempt = 0;
        if (frame.conversation) this.noteSeq(frame.conversation.id, 0);
        this.setState("open");
        this.emit(frame);
        // Resend in order; the server answers a client id it already stored with the same ack.
        for (const p of this.pending.values()) this.raw(p.frame);
        return;
      case "ack": {
        const p = this.pending.get(frame.clientId);
        this.noteSeq(frame.conversationId, frame.seq, true);
        this.emit(frame);
        if (p) {
          this.pending.delete(frame.clientId);
          p.resolve(frame);
        }
        return;
      }
      case "message":
        if (!this.accept(frame)) return;
        this.emit(frame);
        return;
      case "error":
        if (frame.clientId) this.pending.delete(frame.clientId);
        this.emit(frame);
        return;
      default:
        this.emit(frame);
    }
  }

  /** A message at or below the seq already held is a repeat (e.g. our own, already acked): skip it. */
  private accept(m: ChatMessage): boolean {
    const held = this.lastSeqs[m.conversationId] ?? 0;
    if (m.seq <= held) return false;
    this.noteSeq(m.conversationId, m.seq);
    return true;
  }

  private noteSeq(conversationId: string, seq: number, fromAck = false): void {
    const held = this.lastSeqs[conversationId] ?? 0;
    // An ack only advances the cursor when nothing is missing before it.
    if (fromAck && seq !== held + 1) return;
    if (seq > held || !(conversationId in this.lastSeqs)) this.lastSeqs[conversationId] = Math.max(held, seq);
  }

  private emit(frame: ServerFrame): void {
    for (const h of this.handlers.get(frame.type) ?? []) h(frame);
    for (const h of this.handlers.get("*") ?? []) h(frame);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.opts.onState?.(state);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > LIMITS.heartbeatMs * 2) {
        this.ws?.close(4001, "heartbeat timeout");
        return;
      }
      this.raw({ type: "ping" });
    }, LIMITS.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
