import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, decodeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { DataSource } from 'typeorm';
import { ErasureRepository } from './erasure.repository';

/** Records each service's confirmation of an erasure, for `GET /v1/privacy/erasures/:id`. */
@BatchConsumer()
export class ErasureConsumer {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ErasureRepository,
  ) {}

  @EventPattern(Topic.PrivacyErased)
  async onErased(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant: decodeEvents, against the topic's JSON Schema.
    const { events, rejected } = decodeEvents(batch, Topic.PrivacyErased);
    await this.repo.confirm(
      this.ds,
      events.map((d) => d.event.data),
    );
    return { rejected };
  }
}
