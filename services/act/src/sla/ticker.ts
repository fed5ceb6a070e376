/** A background loop: runs `fn` every `intervalMs` (never two runs at once); stop waits for the run in hand. */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastError: string | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => Promise<boolean | void>,
    private readonly onError: (msg: string) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs now (e.g. after a wake-up) unless a run is in hand. */
  poke(): void {
    if (this.stopped || this.running) return;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    let again = false;
    try {
      // `true`: there is more to do right away (a full batch).
      again = (await this.fn()) === true;
      this.lastError = null;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (msg !== this.lastError) this.onError(msg);
      this.lastError = msg;
    }
    if (!this.stopped) this.schedule(again ? 0 : this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
