import { EventPattern } from '@nestjs/microservices';
import { Topic, type CloudEvent } from '@continuum/contracts';
import {
  BatchConsumer,
  decodeEvents,
  type BatchOutcome,
  type RecordBatch,
  type Rejection,
} from '@continuum/kafka';
import { metricsProblems } from '../gaps/inbound';
import { VerificationService } from './verification.service';

@BatchConsumer()
export class VerificationConsumer {
  constructor(private readonly verification: VerificationService) {}

  @EventPattern(Topic.MetricsUpdated)
  async onMetricsUpdated(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.MetricsUpdated);
    const ok: CloudEvent<Topic.MetricsUpdated>[] = [];
    const refused: Rejection[] = [...rejected];
    for (const d of events) {
      const reason = metricsProblems(d.event.data, d.event.tenantId);
      if (reason) refused.push({ record: d.record, code: 'validation', reason });
      else ok.push(d.event);
    }
    await this.verification.observe(ok);
    return { rejected: refused };
  }
}
