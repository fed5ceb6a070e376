import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { FunnelService } from './funnel.service';

/** `cx.invitation.status.v1` (from listen and collect) → the response funnel. */
@BatchConsumer()
export class FunnelConsumer {
  constructor(private readonly funnel: FunnelService) {}

  @EventPattern(Topic.InvitationStatus)
  async onInvitationStatus(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InvitationStatus);
    const { refused } = await this.funnel.add(events.map((d) => d.event));
    for (const d of events) {
      const reason = refused.get(d.event.id);
      if (reason) rejected.push({ record: d.record, code: 'validation', reason });
    }
    return { rejected };
  }
}
