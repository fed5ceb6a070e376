import { Injectable } from '@nestjs/common';
import { ActConfig } from '../act.config';
import { PeriodicJob } from '@continuum/platform';
import { SLA_ESCALATION_BATCH, SlaService } from './sla.service';

/**
 * Every ACT_SLA_SCAN_INTERVAL_MS: escalate breached actions, and warn teams of those about to breach. (Verification needs no clock: it
 * judges closed cycles when their closing indicators arrive.)
 */
@Injectable()
export class SlaScheduler extends PeriodicJob {
  constructor(
    cfg: ActConfig,
    private readonly sla: SlaService,
  ) {
    super(cfg.ACT_SLA_SCAN_INTERVAL_MS, 'sla', 'sla scan failed');
  }

  protected async tick(): Promise<boolean> {
    const escalated = await this.sla.escalateDue(SLA_ESCALATION_BATCH);
    if (escalated > 0) this.logger.log({ msg: 'escalated', count: escalated });
    const warned = await this.sla.warnDue();
    if (warned > 0) this.logger.log({ msg: 'SLA warnings queued', count: warned });
    return escalated === SLA_ESCALATION_BATCH;
  }
}
