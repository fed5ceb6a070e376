import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { retentionProblem, Topic } from '@continuum/contracts';
import {
  BatchConsumer,
  decodeEvents,
  describeError,
  type BatchOutcome,
  type RecordBatch,
} from '@continuum/kafka';
import { deleteInChunks, limitedTenants, storeRetention } from '@continuum/persistence';
import { Ticker } from '@continuum/platform';
import { MeasureConfig } from '../measure.config';

const DAY_MS = 86_400_000;

/** Keeps the tenants' retention limits listen publishes. */
@BatchConsumer()
export class RetentionConsumer {
  constructor(private readonly ds: DataSource) {}

  @EventPattern(Topic.PrivacyRetention)
  async onLimits(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyRetention, (e) =>
      retentionProblem(e.data, e.tenantId),
    );
    await storeRetention(
      this.ds,
      'measure',
      events.map((d) => d.event.data),
    );
    return { rejected };
  }
}

/**
 * Deletes comment samples older than their tenant's `commentSampleDays`, by the feedback's time.
 * Samples are evidence, not counts: every indicator stays as it is.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('retention');
  private readonly ticker: Ticker;

  constructor(
    private readonly ds: DataSource,
    cfg: MeasureConfig,
  ) {
    this.ticker = new Ticker(
      cfg.MEASURE_RETENTION_INTERVAL_MS,
      async () => {
        await this.run();
      },
      (err) => this.logger.warn(`retention run failed: ${describeError(err)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
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
