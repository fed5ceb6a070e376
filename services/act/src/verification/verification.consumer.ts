import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { cycleProblem } from '../gaps/inbound';
import { VerificationService } from './verification.service';

@BatchConsumer()
export class VerificationConsumer {
  constructor(private readonly verification: VerificationService) {}

  @EventPattern(Topic.MetricsUpdated)
  async onMetricsUpdated(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.MetricsUpdated, (e) => cycleProblem(e.data));
    await this.verification.observe(events.map((d) => d.event));
    return { rejected };
  }
}
