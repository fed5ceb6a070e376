import { DLT_HEADERS, Topic } from '@continuum/contracts';
import type { EventProducer, OutgoingRecord } from './producer';
import type { Rejection } from './records';

// The header names are a contract (in the AsyncAPI document); they live in libs/contracts.
export { DLT_HEADERS };

const MAX_REASON = 4000;

export function deadLetterRecord(r: Rejection, consumerGroup: string, now = new Date()): OutgoingRecord {
  return {
    topic: Topic.DeadLetter,
    key: r.record.key,
    value: r.record.value ?? '',
    headers: {
      ...r.record.headers,
      [DLT_HEADERS.originalTopic]: r.record.topic,
      [DLT_HEADERS.originalPartition]: String(r.record.partition),
      [DLT_HEADERS.originalOffset]: r.record.offset,
      [DLT_HEADERS.originalTimestamp]: r.record.timestamp,
      [DLT_HEADERS.consumerGroup]: consumerGroup,
      [DLT_HEADERS.reason]: r.reason.slice(0, MAX_REASON),
      [DLT_HEADERS.code]: r.code,
      [DLT_HEADERS.failedAt]: now.toISOString(),
    },
  };
}

export async function publishDeadLetters(
  producer: EventProducer,
  rejections: readonly Rejection[],
  consumerGroup: string,
): Promise<void> {
  await producer.send(rejections.map((r) => deadLetterRecord(r, consumerGroup)));
}
