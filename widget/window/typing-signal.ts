// The visitor's typing indicator as the agent sees it: `typing:true` at most every 2 s while keys
// are pressed, `typing:false` after 3 s without a key or when the message is sent.
const REFRESH_MS = 2000;
const IDLE_MS = 3000;

export class TypingSignal {
  private lastSent = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(private send: (typing: boolean) => void) {}

  /** The visitor typed something. */
  touch(): void {
    const now = Date.now();
    if (now - this.lastSent >= REFRESH_MS) {
      this.lastSent = now;
      this.send(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** Typing ended (idle or sent). */
  stop(): void {
    clearTimeout(this.idle);
    if (!this.lastSent) return;
    this.lastSent = 0;
    this.send(false);
  }
}
