import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@continuum/kafka';

/**
 * A service's background loop: runs `run` on start and then `intervalMs` after each run ends, never
 * two runs at once; a run that returns `true` has more to do and runs again at once. `stop` waits
 * for the run in hand. An interval of 0 or less never starts (a switched-off loop). A failure is
 * reported once until a run succeeds or the message changes, so a database that is down does not
 * flood the log at every tick.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;
  private stopping = false;
  private lastError: string | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly run: (shouldStop: () => boolean) => Promise<boolean | void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.started || this.intervalMs <= 0) return;
    this.started = true;
    this.stopping = false;
    this.schedule(0);
  }

  /** Runs soon (e.g. after a wake-up) unless a run is in hand. */
  poke(): void {
    if (!this.started || this.stopping || this.running) return;
    this.schedule(0);
  }

  /** Runs now, or waits for the run in hand; also when the loop is not started. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, ms);
  }

  private async once(): Promise<void> {
    let again = false;
    try {
      again = (await this.run(() => this.stopping)) === true;
      this.lastError = null;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (msg !== this.lastError) this.onError(err);
      this.lastError = msg;
    }
    if (this.started && !this.stopping) this.schedule(again ? 0 : this.intervalMs);
  }
}

/**
 * A provider's background loop on a Ticker: `tick` from the application's start, stopped before
 * the modules (and the database pool) close; a failed run is logged as `<failure>: <error>`.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  protected readonly ticker: Ticker;

  protected constructor(intervalMs: number, context: string, failure: string) {
    this.logger = new Logger(context);
    this.ticker = new Ticker(
      intervalMs,
      (shouldStop) => this.tick(shouldStop),
      (err) => this.logger.warn(`${failure}: ${describeError(err)}`),
    );
  }

  /** One run; `true` when it has more to do at once. */
  protected abstract tick(shouldStop: () => boolean): Promise<boolean | void>;

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
