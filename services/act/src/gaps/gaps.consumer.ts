import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { GapsService } from './gaps.service';
import { cycleProblem } from './inbound';

@BatchConsumer()
export class GapsConsumer {
  constructor(private readonly gaps: GapsService) {}

  @EventPattern(Topic.GapsDetected)
  onGapDetected(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(
      batch,
      Topic.GapsDetected,
      (events) => this.gaps.handle(events),
      (e) => cycleProblem(e.data),
    );
  }
}
