import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { cycleProblem } from '../gaps/inbound';
import { VerificationService } from './verification.service';

@BatchConsumer()
export class VerificationConsumer {
  constructor(private readonly verification: VerificationService) {}

  @EventPattern(Topic.MetricsUpdated)
  onMetricsUpdated(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(
      batch,
      Topic.MetricsUpdated,
      (events) => this.verification.observe(events),
      (e) => cycleProblem(e.data),
    );
  }
}
