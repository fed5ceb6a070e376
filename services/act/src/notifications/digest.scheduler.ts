import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@continuum/kafka';
import { Ticker } from '@continuum/platform';
import { ActConfig } from '../act.config';
import { DigestService } from './digest.service';

/** Every ACT_DIGEST_SCAN_INTERVAL_MS: the team digests whose time has come. */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('digests');
  private readonly ticker: Ticker;

  constructor(cfg: ActConfig, digests: DigestService) {
    this.ticker = new Ticker(
      cfg.ACT_DIGEST_SCAN_INTERVAL_MS,
      async () => {
        const written = await digests.runDue(new Date());
        if (written > 0) this.logger.log({ msg: 'team digests queued', count: written });
      },
      (err) => this.logger.warn(`digest scan failed: ${describeError(err)}`),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
