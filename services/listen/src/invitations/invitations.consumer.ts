import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { InvitationsService } from './invitations.service';

/** `cx.interaction.recorded.v1` → a survey invitation, when a survey serves the touchpoint. */
@BatchConsumer()
export class InteractionTriggerConsumer {
  constructor(private readonly invitations: InvitationsService) {}

  @EventPattern(Topic.InteractionRecorded)
  async onInteractionRecorded(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.InteractionRecorded);
    await this.invitations.afterInteractions(events.map((d) => d.event.data));
    return { rejected };
  }
}
