import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { GapsService } from './gaps.service';
import { cycleProblem } from './inbound';

@BatchConsumer()
export class GapsConsumer {
  constructor(private readonly gaps: GapsService) {}

  @EventPattern(Topic.GapsDetected)
  async onGapDetected(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.GapsDetected, (e) => cycleProblem(e.data));
    await this.gaps.handle(events.map((d) => d.event));
    return { rejected };
  }
}
