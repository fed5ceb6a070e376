/**
 * The wall-clock door of cycle closing: every MEASURE_CYCLE_CLOSE_INTERVAL_MS, evaluate the
 * cycles that are due. Several instances may run it; the cycle row lock shares the work.
 * Stopped before the data source closes (CoreModule's shutdown hook): the evaluation in hand finishes.
 */
import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@continuum/platform';
import { MetricsPublisher } from '../aggregation/metrics.publisher';
import { MeasureConfig } from '../measure.config';
import { CycleCloseService } from './cycle-close.service';

@Injectable()
export class CycleCloseTimer extends PeriodicJob {
  constructor(
    private readonly closer: CycleCloseService,
    private readonly metrics: MetricsPublisher,
    cfg: MeasureConfig,
  ) {
    super(cfg.MEASURE_CYCLE_CLOSE_INTERVAL_MS, 'cycles', 'cycle close failed, retrying on the next tick');
  }

  protected async tick(shouldStop: () => boolean): Promise<void> {
    const closed = await this.closer.closeDue(shouldStop);
    if (closed.length > 0 && !shouldStop()) await this.metrics.publishNow();
  }
}
