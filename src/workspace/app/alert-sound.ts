// A short two-note chime, synthesised so that the bundle carries no audio asset. Browsers only
// let a page play sound after a user gesture, so the AudioContext is created (or resumed) on the
// agent's first click or key press and kept for later alerts.
export type SoundResult = "played" | "locked" | "unsupported";

export class AlertSound {
  private ctx: AudioContext | null = null;
  private lastPlayedAt = 0;

  /** Call from a user gesture handler. */
  unlock(): void {
    const Ctor: typeof AudioContext | undefined = window.AudioContext ?? (window as any).webkitAudioContext;
    if (!Ctor) return;
    try {
      this.ctx ??= new Ctor();
      if (this.ctx.state === "suspended") void this.ctx.resume();
    } catch {
      this.ctx = null;
    }
  }

  /** Listens for the first gestures that may unlock audio. */
  unlockOnFirstGesture(): void {
    const handler = () => {
      this.unlock();
      if (this.ctx?.state === "running") {
        window.removeEventListener("pointerdown", handler, true);
        window.removeEventListener("keydown", handler, true);
      }
    };
    window.addEventListener("pointerdown", handler, true);
    window.addEventListener("keydown", handler, true);
  }

  play(): SoundResult {
    const ctx = this.ctx;
    if (!ctx) return (window.AudioContext ?? (window as any).webkitAudioContext) ? "locked" : "unsupported";
    if (ctx.state !== "running") return "locked";
    // A burst of messages should chime once, not rattle.
    const now = Date.now();
    if (now - this.lastPlayedAt < 800) return "played";
    this.lastPlayedAt = now;
    const start = ctx.currentTime + 0.01;
    this.note(ctx, 880, start, 0.12);
    this.note(ctx, 1320, start + 0.13, 0.18);
    return "played";
  }

  private note(ctx: AudioContext, hz: number, at: number, seconds: number): void {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = hz;
    // A quick attack and exponential fade avoid the click of a hard start/stop.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + seconds + 0.02);
  }
}
