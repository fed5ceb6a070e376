/**
 * Dead-letter record headers, in the style of Spring Kafka's dead-letter publisher so ops tools
 * read them as-is. A contract: integrators and runbooks filter on these names.
 */
export const DLT_HEADERS = {
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  originalTimestamp: 'dlt-original-timestamp',
  consumerGroup: 'dlt-original-consumer-group',
  reason: 'dlt-exception-message',
  code: 'dlt-reason-code',
  failedAt: 'dlt-failed-at',
  /** `true`: key, value and reason are a copy with personal data replaced by `[KIND]`. */
  redacted: 'dlt-redacted',
  /** The original key and value, sealed for the replay tool only (absent: not kept). */
  sealedOriginal: 'dlt-original-sealed',
} as const;

/** Reason codes the services use today; services may add codes, so consumers must accept others. */
export const DLT_REASON_CODES = [
  'invalid-json',
  'validation',
  'unknown-tenant',
  'envelope',
  'processing',
] as const;
