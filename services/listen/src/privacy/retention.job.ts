import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { describeError } from '@continuum/kafka';
import { ListenConfig } from '../listen.config';
import { RETAINED, RetentionRepository, type RetainedTable } from './retention.repository';

const DAY_MS = 86_400_000;

/**
 * Deletes, on a timer, the rows each tenant's retention no longer allows: recorded feedback,
 * survey contacts and interactions older than their limit by event time. Aggregates live in
 * measure, built from the events, so deleting listen's rows changes no indicator.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly repo: RetentionRepository,
    private readonly cfg: ListenConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.cfg.LISTEN_RETENTION_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => this.tick(), this.cfg.LISTEN_RETENTION_INTERVAL_MS);
    this.timer.unref();
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return; // a slow run is not stacked on by the next tick
    this.running = this.run()
      .catch((err: unknown) => this.logger.warn(`retention run failed: ${describeError(err)}`))
      .finally(() => (this.running = null));
  }

  /** One pass over every limited tenant; the counts deleted, by table. */
  async run(now = new Date()): Promise<Record<RetainedTable, number>> {
    const deleted = Object.fromEntries(RETAINED.map((r) => [r.table, 0])) as Record<RetainedTable, number>;
    for (const t of await this.repo.limited()) {
      for (const { table, column, setting } of RETAINED) {
        const days = t[setting];
        if (days === null) continue;
        const before = new Date(now.getTime() - days * DAY_MS);
        deleted[table] += await this.repo.deleteOlder(table, column, t.tenantId, before);
      }
    }
    if (Object.values(deleted).some((n) => n > 0))
      this.logger.log({ msg: 'retention: deleted rows past their tenant’s limit', deleted });
    return deleted;
  }
}
