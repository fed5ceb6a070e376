/** Explicit feedback: as senders post it (HTTP, `cx.feedback.raw.v1`) and as listen records it. */
import type { FeedbackRecordedV1 } from '../events';
import type { RawFeedbackDto } from '../dto/feedback.dto';
import { EMOJI_SCORES, MAX_COMMENT_LENGTH } from '../dto/feedback.dto';
import { SEALED_PATTERN } from '../sealed';
import { ID, INPUT_INSTANT, INSTANT, STRINGS, TOPIC_CUSTOMER_ID } from './common';
import { nullable, orNull, type Expect, type NullableOptional, type SchemaMatches } from './check';
import { explainValue } from './validator';

const SEGMENT_REASON =
  'must be an object of at most 20 entries, keys like "plan" or "region", values non-empty strings of at most 100 characters';

export const SEGMENT = explainValue(
  {
    type: 'object',
    maxProperties: 20,
    propertyNames: { pattern: '^[A-Za-z][\\w.-]{0,63}$' },
    additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
    description: 'Flat map of short strings, e.g. `{ "plan": "fibra", "region": "Lombardia" }`.',
  } as const,
  SEGMENT_REASON,
);

/** SEGMENT as an optional input field (`null`: not given). */
export const INPUT_SEGMENT = explainValue(orNull(SEGMENT), SEGMENT_REASON);

const RAW_FEEDBACK_SHAPE = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'id', 'touchpoint'],
  properties: {
    tenantId: { ...ID, description: 'Whose feedback it is (on HTTP the API key says it instead).' },
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    touchpoint: ID,
    channel: orNull({ type: 'string', minLength: 1, maxLength: 64 }),
    customerId: orNull(ID),
    occurredAt: orNull({ ...INPUT_INSTANT, description: 'Within the last 5 years and at most 1 day ahead.' }),
    nps: orNull({ type: 'integer', minimum: 0, maximum: 10 }),
    csat: orNull({ type: 'integer', minimum: 1, maximum: 5 }),
    ces: orNull({ type: 'integer', minimum: 1, maximum: 7 }),
    emoji: orNull({ type: 'string', enum: Object.keys(EMOJI_SCORES) }),
    comment: orNull({ type: 'string', maxLength: MAX_COMMENT_LENGTH }),
    segment: INPUT_SEGMENT,
    consentToContact: orNull({ type: 'boolean' }),
  },
} as const;

/** `cx.feedback.raw.v1`: the JSON of `POST /v1/feedback` plus `tenantId`. */
export const RAW_FEEDBACK_SCHEMA = {
  ...RAW_FEEDBACK_SHAPE,
  description:
    'Feedback as a survey tool or widget sends it. At least one of nps, csat, ces, emoji, comment; null in an optional field means not given.',
  anyOf: ['nps', 'csat', 'ces', 'emoji', 'comment'].map((k) => ({
    required: [k],
    properties: { [k]: { not: { type: 'null' } } },
  })),
};

export const FEEDBACK_RECORDED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'feedbackId',
    'tenantId',
    'touchpoint',
    'stage',
    'owner',
    'channel',
    'customerId',
    'occurredAt',
    'receivedAt',
    'nps',
    'csat',
    'ces',
    'emoji',
    'comment',
    'language',
    'sentiment',
    'themes',
    'segment',
    'consentToContact',
    'flags',
  ],
  properties: {
    feedbackId: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    tenantId: ID,
    touchpoint: ID,
    stage: {
      ...nullable(ID),
      description: 'From the journey map; null when the touchpoint is unknown to it.',
    },
    owner: nullable({ type: 'string' }),
    channel: nullable({ type: 'string' }),
    customerId: nullable(TOPIC_CUSTOMER_ID),
    occurredAt: INSTANT,
    receivedAt: INSTANT,
    nps: nullable({ type: 'integer', minimum: 0, maximum: 10 }),
    csat: nullable({ type: 'integer', minimum: 1, maximum: 5 }),
    ces: nullable({ type: 'integer', minimum: 1, maximum: 7 }),
    emoji: { enum: [1, 2, 3, 4, 5, null], description: 'Emoji reaction on a 1–5 scale.' },
    comment: {
      ...nullable({ type: 'string' }),
      description:
        'Redacted: PII replaced by typed placeholders such as [PHONE] before it was stored or published. Null on the topic when the feedback names a customer: see `sealedComment`.',
    },
    sealedComment: {
      type: 'string',
      pattern: SEALED_PATTERN,
      description:
        'The redacted comment of feedback with a customer, sealed (crypto-shredding): `v1.<iv>.<ciphertext>.<tag>`, base64url, AES-256-GCM with the (tenant, customer) key in `tenancy.subject_keys`, tenant and customer id as authenticated data (`<tenantId>\\n<customerId>`). Erasing the customer deletes the key: the text is then unreadable on every retained record, and consumers treat it as absent. Absent on anonymous feedback (no erasure can find it) and on events before issue 20.',
    },
    language: { enum: ['it', 'en', 'und', null] },
    sentiment: { ...nullable({ type: 'number', minimum: -1, maximum: 1 }) },
    themes: STRINGS,
    segment: { type: 'object', additionalProperties: { type: 'string' } },
    consentToContact: { type: 'boolean' },
    flags: { ...STRINGS, description: 'e.g. `unknown-touchpoint`, `no-journey`, `pii-redacted`.' },
  },
} as const;

/** Compile-time: the schemas say exactly what the code's types say. */
export type FeedbackSchemaChecks = [
  Expect<SchemaMatches<typeof RAW_FEEDBACK_SHAPE, NullableOptional<Omit<RawFeedbackDto, 'problems'>>>>,
  Expect<SchemaMatches<typeof FEEDBACK_RECORDED_SCHEMA, FeedbackRecordedV1>>,
];
