// Tells the visitor the agent is typing without a frame per key stroke: `typing:true` at most
// every intervalMs while keys come, `typing:false` after idleMs of silence, on send, or when the
// agent moves to another conversation.
export class TypingSender {
  private active: string | null = null;
  private lastSentAt = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (conversationId: string, typing: boolean) => void,
    private readonly intervalMs = 2000,
    private readonly idleMs = 4000,
  ) {}

  /** The draft of `conversationId` changed. */
  input(conversationId: string, draft: string): void {
    if (this.active && this.active !== conversationId) this.stop();
    if (draft.trim() === "") {
      this.stop();
      return;
    }
    const now = Date.now();
    if (this.active !== conversationId || now - this.lastSentAt >= this.intervalMs) {
      this.active = conversationId;
      this.lastSentAt = now;
      this.send(conversationId, true);
    }
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), this.idleMs);
  }

  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (!this.active) return;
    const id = this.active;
    this.active = null;
    this.lastSentAt = 0;
    this.send(id, false);
  }
}
