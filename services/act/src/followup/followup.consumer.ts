import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { FollowupService } from './followup.service';

@BatchConsumer()
export class FollowupConsumer {
  constructor(private readonly followups: FollowupService) {}

  @EventPattern(Topic.FeedbackRecorded)
  async onFeedbackRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.FeedbackRecorded);
    await this.followups.handle(events.map((d) => d.event));
    return { rejected };
  }
}
