/**
 * The wall-clock door of cycle closing: every MEASURE_CYCLE_CLOSE_INTERVAL_MS, evaluate the
 * cycles that are due. Several instances may run it; the cycle row lock shares the work.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@continuum/kafka';
import { Ticker } from '@continuum/platform';
import { MetricsPublisher } from '../aggregation/metrics.publisher';
import { MeasureConfig } from '../measure.config';
import { CycleCloseService } from './cycle-close.service';

@Injectable()
export class CycleCloseTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('cycles');
  private readonly ticker: Ticker;

  constructor(closer: CycleCloseService, metrics: MetricsPublisher, cfg: MeasureConfig) {
    this.ticker = new Ticker(
      cfg.MEASURE_CYCLE_CLOSE_INTERVAL_MS,
      async (shouldStop) => {
        const closed = await closer.closeDue(shouldStop);
        if (closed.length > 0 && !shouldStop()) await metrics.publishNow();
      },
      (err) => this.logger.warn(`cycle close failed, retrying on the next tick: ${describeError(err)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  // Before the data source closes (CoreModule's shutdown hook): let the evaluation in hand finish.
  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
