import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { redactPii } from '@continuum/text';
import { sealOriginal } from './dead-letter-seal';
import { chunksBySize, MAX_SEND_BYTES } from './outbox-relay';
import type { EventProducer, OutgoingRecord } from './producer';
import type { Rejection } from './records';

// The header names are a contract (in the AsyncAPI document); they live in libs/contracts.
export { DLT_HEADERS };

const MAX_REASON = 4000;
/**
 * The redacted copy is for people reading the topic; past this it is cut (the sealed original is
 * whole). Kept short because the PII detectors' cost grows faster than the text's length.
 */
const MAX_REDACTED_COPY = 2 * 1024;
/**
 * Sealing grows the original by a third (base64): past this, the dead letter would pass the
 * broker's default message.max.bytes and could never be published, so the original is not kept
 * (the dead letter says why, and cannot be replayed).
 */
const MAX_SEALED_ORIGINAL = 600 * 1024;

/** Personal data replaced by `[KIND]`, cut past a size only people would read anyway. */
export function redactedCopy(text: string): string {
  if (text.length <= MAX_REDACTED_COPY) return redactPii(text).text;
  const cut = text.slice(0, MAX_REDACTED_COPY);
  return `${redactPii(cut).text}…[cut: ${text.length - MAX_REDACTED_COPY} more characters]`;
}

/**
 * A dead letter keeps the reason, the origin and a copy with personal data redacted by the same
 * detectors as comments (issue 20 item 8): the topic keeps records for weeks, and refused records
 * are often refused precisely because they hold what should not be there. The original key and
 * value travel only sealed for the replay tool (`sealKeyPem`: its public key); without that key
 * the original is not kept and the dead letter cannot be replayed.
 */
export function deadLetterRecord(
  r: Rejection,
  consumerGroup: string,
  now = new Date(),
  sealKeyPem?: string,
): OutgoingRecord {
  const original = { key: r.record.key, value: r.record.value };
  const sealable = (original.key?.length ?? 0) + (original.value?.length ?? 0) <= MAX_SEALED_ORIGINAL;
  const reason = sealKeyPem && !sealable ? `${r.reason} (original too large to keep for replay)` : r.reason;
  return {
    topic: Topic.DeadLetter,
    key: original.key === null ? null : redactedCopy(original.key),
    value: redactedCopy(original.value ?? ''),
    headers: {
      ...r.record.headers,
      [DLT_HEADERS.originalTopic]: r.record.topic,
      [DLT_HEADERS.originalPartition]: String(r.record.partition),
      [DLT_HEADERS.originalOffset]: r.record.offset,
      [DLT_HEADERS.originalTimestamp]: r.record.timestamp,
      [DLT_HEADERS.consumerGroup]: consumerGroup,
      [DLT_HEADERS.reason]: redactPii(reason.slice(0, MAX_REASON)).text,
      [DLT_HEADERS.code]: r.code,
      [DLT_HEADERS.failedAt]: now.toISOString(),
      [DLT_HEADERS.redacted]: 'true',
      ...(sealKeyPem && sealable ? { [DLT_HEADERS.sealedOriginal]: sealOriginal(sealKeyPem, original) } : {}),
    },
  };
}

export async function publishDeadLetters(
  producer: EventProducer,
  rejections: readonly Rejection[],
  consumerGroup: string,
  sealKeyPem?: string,
): Promise<void> {
  const records = rejections.map((r) => deadLetterRecord(r, consumerGroup, new Date(), sealKeyPem));
  // Sealed originals make dead letters larger than what they refused: bounded sends, as the outbox.
  for (const chunk of chunksBySize(records, MAX_SEND_BYTES)) await producer.send(chunk);
}
