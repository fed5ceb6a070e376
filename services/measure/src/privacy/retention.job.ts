import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deleteInChunks, limitedTenants } from '@continuum/persistence';
import { RetentionJob } from '@continuum/platform';
import { MeasureConfig } from '../measure.config';

const DAY_MS = 86_400_000;

/**
 * Deletes comment samples older than their tenant's `commentSampleDays`, by the feedback's time.
 * Samples are evidence, not counts: every indicator stays as it is.
 */
@Injectable()
export class CommentSampleRetention extends RetentionJob {
  constructor(
    private readonly ds: DataSource,
    cfg: MeasureConfig,
  ) {
    super(cfg.MEASURE_RETENTION_INTERVAL_MS);
  }

  /** One pass over every limited tenant; the samples deleted. */
  async run(now = new Date()): Promise<number> {
    let deleted = 0;
    for (const t of await limitedTenants(this.ds, 'measure', 'commentSampleDays'))
      deleted += await deleteInChunks(
        this.ds,
        'measure.comment_samples',
        'tenant_id = $1 AND occurred_at < $2',
        [t.tenantId, new Date(now.getTime() - t.days * DAY_MS)],
      );
    if (deleted > 0) this.logger.log({ msg: 'retention: deleted comment samples past their limit', deleted });
    return deleted;
  }
}
