/** Erasure requests, confirmations and retention limits: what listen, measure and act exchange about privacy. */
import {
  ERASING_SERVICES,
  type PrivacyErasedV1,
  type PrivacyErasureV1,
  type PrivacyRetentionV1,
} from '../events';
import { ID, INSTANT, STRINGS } from './common';
import { nullable, type Expect, type SchemaMatches } from './check';

export const PRIVACY_ERASURE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'tenantId',
    'erasureId',
    'customerId',
    'feedbackIds',
    'eventIds',
    'commentDigests',
    'invitationKeys',
    'requestedAt',
  ],
  properties: {
    tenantId: ID,
    erasureId: { type: 'string', format: 'uuid' },
    customerId: {
      ...ID,
      description:
        "The customer to erase, by pseudonym (as the tenant's events name them): remove or anonymise everything naming them.",
    },
    rawCustomerId: {
      ...ID,
      description:
        "The customer's own id, present only for a tenant that opted into raw ids on topics (its events, and copies made from them, may name it).",
    },
    feedbackIds: { ...STRINGS, description: "The sender's ids of the customer's feedback." },
    eventIds: {
      ...STRINGS,
      description: 'The `ce_id`s of the recorded events about the customer (feedback and interactions).',
    },
    commentDigests: {
      ...STRINGS,
      description:
        "SHA-256 (lowercase hex, of the UTF-8 text) of each of the customer's comments as recorded (redacted).",
    },
    invitationKeys: { ...STRINGS, description: "The keys of the customer's survey invitations." },
    requestedAt: INSTANT,
  },
} as const;

export const PRIVACY_ERASED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'erasureId', 'service', 'erasedAt', 'rows'],
  properties: {
    tenantId: ID,
    erasureId: { type: 'string', format: 'uuid' },
    service: { enum: ERASING_SERVICES },
    erasedAt: INSTANT,
    rows: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0 },
      description: 'Rows removed or anonymised, by table.',
    },
  },
} as const;

const DAYS = nullable({ type: 'integer', minimum: 1, maximum: 3650 });

export const PRIVACY_RETENTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'tenantId',
    'feedbackDays',
    'interactionDays',
    'commentSampleDays',
    'resolvedActionDays',
    'deliveryLogDays',
  ],
  properties: {
    tenantId: ID,
    feedbackDays: DAYS,
    interactionDays: DAYS,
    commentSampleDays: DAYS,
    resolvedActionDays: DAYS,
    deliveryLogDays: DAYS,
  },
} as const;

export type PrivacySchemaChecks = [
  Expect<SchemaMatches<typeof PRIVACY_ERASURE_SCHEMA, PrivacyErasureV1>>,
  Expect<SchemaMatches<typeof PRIVACY_ERASED_SCHEMA, PrivacyErasedV1>>,
  Expect<SchemaMatches<typeof PRIVACY_RETENTION_SCHEMA, PrivacyRetentionV1>>,
];
