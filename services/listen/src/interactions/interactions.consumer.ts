import { EventPattern } from '@nestjs/microservices';
import { RAW_INTERACTION_RULES, Topic } from '@continuum/contracts';
import { BatchConsumer, consumeRawRecords, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { InteractionsService } from './interactions.service';

/** `cx.interactions.raw.v1` → the same use case as `POST /v1/interactions`; bad records are dead-lettered. */
@BatchConsumer()
export class InteractionsConsumer {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly tenants: TenantDirectory,
  ) {}

  @EventPattern(Topic.InteractionsRaw)
  onRawInteractions(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeRawRecords(
      batch,
      RAW_INTERACTION_RULES,
      (t) => this.tenants.tenantExists(t),
      (accepted) => this.interactions.record(accepted),
    );
  }
}
