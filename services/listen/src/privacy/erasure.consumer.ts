import { EventPattern } from '@nestjs/microservices';
import { Topic } from '@continuum/contracts';
import { BatchConsumer, consumeEvents, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
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
  onErased(batch: RecordBatch): Promise<BatchOutcome> {
    // The data's shape and tenant: consumeEvents, against the topic's JSON Schema.
    return consumeEvents(batch, Topic.PrivacyErased, (events) =>
      this.repo.confirm(
        this.ds,
        events.map((e) => e.data),
      ),
    );
  }
}
