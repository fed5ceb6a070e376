import { Injectable } from '@nestjs/common';
import { PeriodicJob } from '@continuum/platform';
import { ActConfig } from '../act.config';
import { DigestService } from './digest.service';

/** Every ACT_DIGEST_SCAN_INTERVAL_MS: the team digests whose time has come. */
@Injectable()
export class DigestScheduler extends PeriodicJob {
  constructor(
    cfg: ActConfig,
    private readonly digests: DigestService,
  ) {
    super(cfg.ACT_DIGEST_SCAN_INTERVAL_MS, 'digests', 'digest scan failed');
  }

  protected async tick(): Promise<void> {
    const written = await this.digests.runDue(new Date());
    if (written > 0) this.logger.log({ msg: 'team digests queued', count: written });
  }
}
