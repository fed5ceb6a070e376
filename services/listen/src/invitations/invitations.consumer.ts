import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { InvitationsService } from './invitations.service';

/** `cx.interaction.recorded.v1` → a survey invitation, when a survey serves the touchpoint. */
@BatchConsumer()
export class InteractionTriggerConsumer {
  constructor(private readonly invitations: InvitationsService) {}

  @EventPattern(Topic.InteractionRecorded)
  onInteractionRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeEvents(batch, Topic.InteractionRecorded, (events) =>
      this.invitations.afterInteractions(events.map((e) => e.data)),
    );
  }
}
