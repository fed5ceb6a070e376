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
    const { events, rejected } = decodeEvents(batch, Topic.LoopClosed, (e) =>
      e.data.tenantId !== e.tenantId
        ? 'data tenantId differs from the event tenant'
        : typeof e.data.actionId !== 'string' || e.data.actionId.length === 0
          ? 'actionId is required'
          : !Array.isArray(e.data.customers) || e.data.customers.some((c) => typeof c !== 'string')
            ? 'customers must be an array of customer ids'
            : typeof e.data.summary !== 'string'
              ? 'summary is required'
              : null,
    );
    await this.messages.onLoopClosed(events.map((d) => d.event.data));
    return { rejected };
  }
}
