import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { FunnelService } from './funnel.service';

/** `cx.invitation.status.v1` (from listen and collect) → the response funnel. */
@BatchConsumer()
export class FunnelConsumer {
  constructor(private readonly funnel: FunnelService) {}

  @EventPattern(Topic.InvitationStatus)
  onInvitationStatus(batch: RecordBatch): Promise<BatchOutcome> {
    // The events funnel.add refuses are dead-lettered with its reasons.
    return consumeEvents(batch, Topic.InvitationStatus, (events) => this.funnel.add(events));
  }
}
