import { RAW_FEEDBACK_RULES, Topic } from '@continuum/contracts';
import { rawRecordsConsumer } from '@continuum/kafka';
import { TenantDirectory } from '@continuum/persistence';
import { FeedbackService } from './feedback.service';

/**
 * `cx.feedback.raw.v1` → the same use case as `POST /v1/feedback`; bad records are dead-lettered.
 * Each record's position goes with it: its events are published before this batch's offsets are
 * committed, and a redelivered record republishes the event of the row it inserted.
 */
export const FeedbackConsumer = rawRecordsConsumer(
  Topic.FeedbackRaw,
  RAW_FEEDBACK_RULES,
  { useCase: FeedbackService, tenants: TenantDirectory },
  (feedback, accepted) =>
    feedback.record(
      accepted.map(({ tenantId, dto, record }) => ({
        tenantId,
        dto,
        origin: { originPartition: record.partition, originOffset: record.offset },
      })),
    ),
);
