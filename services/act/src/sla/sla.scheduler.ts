import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ActConfig } from '../act.config';
import { SlaService } from './sla.service';
import { Ticker } from './ticker';

/**
 * Every ACT_SLA_SCAN_INTERVAL_MS: escalate breached actions, and warn teams of those about to breach. (Verification needs no clock: it
 * judges closed cycles when their closing indicators arrive.)
 */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('sla');
  private readonly ticker: Ticker;

  constructor(
    cfg: ActConfig,
    private readonly sla: SlaService,
  ) {
    this.ticker = new Ticker(
      cfg.ACT_SLA_SCAN_INTERVAL_MS,
      async () => {
        const escalated = await this.sla.escalateDue();
        if (escalated > 0) this.logger.log({ msg: 'escalated', count: escalated });
        const warned = await this.sla.warnDue();
        if (warned > 0) this.logger.log({ msg: 'SLA warnings queued', count: warned });
        return escalated === 200;
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
