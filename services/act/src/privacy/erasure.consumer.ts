import { EventPattern } from '@nestjs/microservices';
import { erasureProblem, Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { ActErasure } from './erasure.service';

/** Erasure requests from listen; erasing twice changes nothing, so redeliveries need no claim. */
@BatchConsumer()
export class ErasureConsumer {
  constructor(private readonly erasure: ActErasure) {}

  @EventPattern(Topic.PrivacyErasure)
  async onErasure(batch: RecordBatch): Promise<BatchOutcome> {
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyErasure, (e) =>
      erasureProblem(e.data, e.tenantId),
    );
    await this.erasure.erase(events.map((d) => d.event));
    return { rejected };
  }
}
