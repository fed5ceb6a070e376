/** The wall-clock door of early warnings: every MEASURE_EARLY_WARNING_INTERVAL_MS (0 = off). */
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@continuum/kafka';
import { Ticker } from '@continuum/platform';
import { MeasureConfig } from '../measure.config';
import { EarlyWarningService } from './early-warning.service';

@Injectable()
export class EarlyWarningTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('early-warning');
  private readonly ticker: Ticker;

  constructor(service: EarlyWarningService, cfg: MeasureConfig) {
    this.ticker = new Ticker(
      cfg.MEASURE_EARLY_WARNING_INTERVAL_MS,
      async (shouldStop) => {
        await service.scan(shouldStop);
      },
      (err) =>
        this.logger.warn(`early-warning scan failed, retrying on the next tick: ${describeError(err)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
