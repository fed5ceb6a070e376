import { Injectable } from '@nestjs/common';
import { RetentionJob as TimedRetention } from '@continuum/platform';
import { ListenConfig } from '../listen.config';
import { RETAINED, RetentionRepository, type RetainedTable } from './retention.repository';

const DAY_MS = 86_400_000;

/**
 * Deletes, on a timer, the rows each tenant's retention no longer allows: recorded feedback,
 * survey contacts and interactions older than their limit by event time. Aggregates live in
 * measure, built from the events, so deleting listen's rows changes no indicator.
 */
@Injectable()
export class RetentionJob extends TimedRetention {
  constructor(
    private readonly repo: RetentionRepository,
    cfg: ListenConfig,
  ) {
    super(cfg.LISTEN_RETENTION_INTERVAL_MS);
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
