// Alternates the tab title between the page's own title and an alert while the agent looks
// elsewhere, so that a busy agent sees a new message from another tab.
export class TitleFlasher {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly original: string;
  private alertText = "";
  private showingAlert = false;

  constructor(private readonly intervalMs = 1000) {
    this.original = document.title;
  }

  get flashing(): boolean {
    return this.timer !== null;
  }

  /** Starts (or updates the text of) the flashing. */
  start(alertText: string): void {
    this.alertText = alertText;
    if (this.showingAlert) document.title = alertText;
    if (this.timer) return;
    this.flip();
    this.timer = setInterval(() => this.flip(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.showingAlert = false;
    document.title = this.original;
  }

  private flip(): void {
    this.showingAlert = !this.showingAlert;
    document.title = this.showingAlert ? this.alertText : this.original;
  }
}
