/** The wall-clock door of early warnings: every MEASURE_EARLY_WARNING_INTERVAL_MS (0 = off). */
import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@continuum/platform';
import { MeasureConfig } from '../measure.config';
import { EarlyWarningService } from './early-warning.service';

@Injectable()
export class EarlyWarningTimer extends PeriodicJob {
  constructor(
    private readonly service: EarlyWarningService,
    cfg: MeasureConfig,
  ) {
    super(
      cfg.MEASURE_EARLY_WARNING_INTERVAL_MS,
      'early-warning',
      'early-warning scan failed, retrying on the next tick',
    );
  }

  protected async tick(shouldStop: () => boolean): Promise<void> {
    await this.service.scan(shouldStop);
  }
}
