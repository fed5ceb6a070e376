import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ActConfig } from '../act.config';
import { VerificationService } from '../verification/verification.service';
import { SlaService } from './sla.service';
import { Ticker } from './ticker';

/** Every ACT_SLA_SCAN_INTERVAL_MS: escalate breached actions, then judge watches whose cycles ended. */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('sla');
  private readonly ticker: Ticker;

  constructor(
    cfg: ActConfig,
    private readonly sla: SlaService,
    private readonly verification: VerificationService,
  ) {
    this.ticker = new Ticker(
      cfg.ACT_SLA_SCAN_INTERVAL_MS,
      async () => {
        const escalated = await this.sla.escalateDue();
        if (escalated > 0) this.logger.log({ msg: 'escalated', count: escalated });
        const judged = await this.verification.sweep();
        return escalated === 200 || judged === 200;
      },
      (msg) => this.logger.warn(`sla scan failed: ${msg}`),
    );
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }
}
