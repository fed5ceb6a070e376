import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { LoopMessagesService } from './loop-messages.service';

/** `cx.loop.closed.v1` (act) → a "you said, we did" message to each consenting customer. */
@BatchConsumer()
export class LoopClosedConsumer {
  constructor(private readonly messages: LoopMessagesService) {}

  @EventPattern(Topic.LoopClosed)
  async onLoopClosed(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant are checked by decodeEvents against the topic's JSON Schema.
    const { events, rejected } = decodeEvents(batch, Topic.LoopClosed);
    await this.messages.onLoopClosed(events.map((d) => d.event.data));
    return { rejected };
  }
}
