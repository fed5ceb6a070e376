/** Contact-centre interactions: as senders put them on `cx.interactions.raw.v1` and as listen records them. */
import { MAX_INTERACTION_SECONDS, MAX_TRANSFERS, type RawInteractionDto } from '../dto/interaction.dto';
import { INTERACTION_OUTCOMES, type InteractionRecordedV1, type InteractionRevisedV1 } from '../events';
import { ID, INPUT_INSTANT, INSTANT, STRINGS, TOPIC_CUSTOMER_ID } from './common';
import { nullable, orNull, type Expect, type NullableOptional, type SchemaMatches } from './check';

const OUTCOME = { enum: INTERACTION_OUTCOMES } as const;
const SECONDS = { type: 'number', minimum: 0, maximum: MAX_INTERACTION_SECONDS } as const;

/** Seconds as senders give them: at most 3 decimals (milliseconds). */
const INPUT_SECONDS = { ...SECONDS, multipleOf: 0.001 } as const;

/** As senders put interactions on `cx.interactions.raw.v1` (InteractionDto plus `tenantId`). */
export const RAW_INTERACTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'id', 'customerId', 'channel', 'touchpoint', 'outcome', 'startedAt'],
  properties: {
    tenantId: ID,
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    customerId: ID,
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    touchpoint: ID,
    queue: orNull({ type: 'string', minLength: 1, maxLength: 128 }),
    agentId: orNull(ID),
    outcome: OUTCOME,
    startedAt: INPUT_INSTANT,
    endedAt: orNull(INPUT_INSTANT),
    waitSeconds: orNull(INPUT_SECONDS),
    holdSeconds: orNull(INPUT_SECONDS),
    handleSeconds: orNull(INPUT_SECONDS),
    transfers: orNull({ type: 'integer', minimum: 0, maximum: MAX_TRANSFERS }),
    resolved: orNull({ type: 'boolean' }),
  },
} as const;

export const INTERACTION_RECORDED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'interactionId',
    'tenantId',
    'customerId',
    'touchpoint',
    'stage',
    'owner',
    'channel',
    'queue',
    'agentId',
    'outcome',
    'startedAt',
    'endedAt',
    'waitSeconds',
    'holdSeconds',
    'handleSeconds',
    'transfers',
    'resolved',
    'repeatContact',
    'firstContactResolution',
    'flags',
    'repeatWindowDays',
    'repeatWindowEndsAt',
    'receivedAt',
  ],
  properties: {
    interactionId: ID,
    tenantId: ID,
    customerId: TOPIC_CUSTOMER_ID,
    touchpoint: ID,
    stage: nullable(ID),
    owner: nullable({ type: 'string' }),
    channel: { type: 'string' },
    queue: nullable({ type: 'string' }),
    agentId: nullable({ type: 'string' }),
    outcome: OUTCOME,
    startedAt: INSTANT,
    endedAt: nullable({ type: 'string', format: 'date-time' }),
    waitSeconds: nullable(SECONDS),
    holdSeconds: nullable(SECONDS),
    handleSeconds: nullable(SECONDS),
    transfers: { type: 'integer', minimum: 0 },
    resolved: nullable({ type: 'boolean' }),
    repeatContact: {
      type: 'boolean',
      description: 'The same customer contacted the tenant before, within the repeat window.',
    },
    firstContactResolution: nullable({ type: 'boolean' }),
    flags: STRINGS,
    repeatWindowDays: {
      type: 'integer',
      minimum: 1,
      description: "The tenant's repeat-contact window applied, in days.",
    },
    repeatWindowEndsAt: {
      ...INSTANT,
      description: '`startedAt` plus the window: until then a later contact may revise the signals.',
    },
    receivedAt: INSTANT,
  },
} as const;

const SIGNALS = {
  type: 'object',
  additionalProperties: false,
  required: ['repeatContact', 'firstContactResolution'],
  properties: { repeatContact: { type: 'boolean' }, firstContactResolution: nullable({ type: 'boolean' }) },
} as const;

/** A correction of an interaction's derived signals; `previous` is what the last event said. */
export const INTERACTION_REVISED_SCHEMA = {
  ...INTERACTION_RECORDED_SCHEMA,
  required: [...INTERACTION_RECORDED_SCHEMA.required, 'revision', 'previous', 'causedBy'],
  properties: {
    ...INTERACTION_RECORDED_SCHEMA.properties,
    revision: { type: 'integer', minimum: 1 },
    previous: SIGNALS,
    causedBy: { ...ID, description: 'The interaction whose arrival caused the revision.' },
  },
} as const;

export type InteractionSchemaChecks = [
  Expect<SchemaMatches<typeof RAW_INTERACTION_SCHEMA, NullableOptional<Omit<RawInteractionDto, 'problems'>>>>,
  Expect<SchemaMatches<typeof INTERACTION_RECORDED_SCHEMA, InteractionRecordedV1>>,
  Expect<SchemaMatches<typeof INTERACTION_REVISED_SCHEMA, InteractionRevisedV1>>,
];
