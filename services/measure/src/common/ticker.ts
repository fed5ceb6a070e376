/** A wall-clock timer that never overlaps its own runs and lets a stop wait for the one in flight. */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: (shouldStop: () => boolean) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.stopping = false;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  /** Runs now unless a run is in flight (then waits for that one). */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run(() => this.stopping)
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
