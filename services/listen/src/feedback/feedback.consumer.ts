import { EventPattern } from '@nestjs/microservices';
import { RAW_FEEDBACK_RULES, Topic } from '@continuum/contracts';
import { BatchConsumer, consumeRawRecords, type BatchOutcome, type RecordBatch } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { FeedbackService } from './feedback.service';

/**
 * `cx.feedback.raw.v1` → the same use case as `POST /v1/feedback`; bad records are dead-lettered.
 * Each record's position goes with it: its events are published before this batch's offsets are
 * committed, and a redelivered record republishes the event of the row it inserted.
 */
@BatchConsumer()
export class FeedbackConsumer {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly tenants: TenantDirectory,
  ) {}

  @EventPattern(Topic.FeedbackRaw)
  onRawFeedback(batch: RecordBatch): Promise<BatchOutcome> {
    return consumeRawRecords(
      batch,
      RAW_FEEDBACK_RULES,
      (t) => this.tenants.tenantExists(t),
      (accepted) =>
        this.feedback.record(
          accepted.map(({ tenantId, dto, record }) => ({
            tenantId,
            dto,
            origin: { originPartition: record.partition, originOffset: record.offset },
          })),
        ),
    );
  }
}
