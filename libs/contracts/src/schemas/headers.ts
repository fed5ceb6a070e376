/** Kafka record headers: CloudEvents binary mode on Continuum's topics, dead-letter origin on cx.deadletter.v1. */
import { DLT_HEADERS, DLT_REASON_CODES } from '../dead-letter';
import { CE_SPEC_VERSION, JSON_CONTENT_TYPE } from '../envelope';
import { TRACEPARENT_HEADER, TRACEPARENT_PATTERN } from '../trace';

const TRACEPARENT = {
  type: 'string',
  pattern: TRACEPARENT_PATTERN,
  description:
    'W3C Trace Context of the span that produced the record. Every event caused by this one keeps its trace id.',
} as const;

/** Headers of a Continuum event of `type`, published by `source` (or one of several). */
export function cloudEventHeaders(type: string, source: string | readonly string[]) {
  return {
    type: 'object',
    required: [
      'ce_id',
      'ce_type',
      'ce_source',
      'ce_time',
      'ce_specversion',
      'ce_tenantid',
      'ce_correlationid',
      'content-type',
    ],
    additionalProperties: { type: 'string' },
    properties: {
      ce_id: {
        type: 'string',
        minLength: 1,
        description: 'Unique per event; redeliveries repeat it, so consumers deduplicate on it.',
      },
      ce_type: { type: 'string', const: type, description: 'Equals the topic name.' },
      ce_source:
        typeof source === 'string' ? { type: 'string', const: source } : { type: 'string', enum: source },
      ce_time: { type: 'string', format: 'date-time' },
      ce_specversion: { type: 'string', const: CE_SPEC_VERSION },
      ce_subject: {
        type: 'string',
        description: 'The entity the event is about (feedback id, action id, scope…).',
      },
      ce_tenantid: { type: 'string', minLength: 1, description: 'CloudEvents extension: the tenant.' },
      ce_correlationid: {
        type: 'string',
        minLength: 1,
        description: 'CloudEvents extension: the id of the first event of the causal chain.',
      },
      ce_causationid: {
        type: 'string',
        minLength: 1,
        description:
          'CloudEvents extension: the id of the event that caused this one; absent on a first event.',
      },
      'content-type': { type: 'string', const: JSON_CONTENT_TYPE },
      [TRACEPARENT_HEADER]: TRACEPARENT,
    },
  } as const;
}

/** Raw topics take plain JSON; headers are optional. */
export const RAW_HEADERS = {
  type: 'object',
  additionalProperties: { type: 'string' },
  properties: {
    [TRACEPARENT_HEADER]: {
      ...TRACEPARENT,
      description: "Optional W3C Trace Context; listen continues the sender's trace when present.",
    },
  },
} as const;

const DIGITS = { type: 'string', pattern: '^\\d+$' } as const;

/** A dead letter keeps the original record's key, value and headers and adds these. */
export const DEAD_LETTER_HEADERS = {
  type: 'object',
  required: Object.values(DLT_HEADERS),
  additionalProperties: {
    type: 'string',
    description: "The original record's headers, e.g. its ce_* attributes and traceparent.",
  },
  properties: {
    [DLT_HEADERS.originalTopic]: { type: 'string', minLength: 1 },
    [DLT_HEADERS.originalPartition]: DIGITS,
    [DLT_HEADERS.originalOffset]: DIGITS,
    [DLT_HEADERS.originalTimestamp]: { ...DIGITS, description: 'Epoch milliseconds of the original record.' },
    [DLT_HEADERS.consumerGroup]: {
      type: 'string',
      minLength: 1,
      description: 'The consumer group that refused the record, e.g. `continuum-listen`.',
    },
    [DLT_HEADERS.reason]: {
      type: 'string',
      minLength: 1,
      maxLength: 4000,
      description: 'Why, naming the field and the rule, e.g. `nps: nps must not be greater than 10`.',
    },
    [DLT_HEADERS.code]: {
      type: 'string',
      minLength: 1,
      examples: [...DLT_REASON_CODES],
      description: `Reason code: ${DLT_REASON_CODES.join(', ')} today; accept others.`,
    },
    [DLT_HEADERS.failedAt]: { type: 'string', format: 'date-time' },
  },
} as const;
