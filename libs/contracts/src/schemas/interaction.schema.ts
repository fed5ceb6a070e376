/** Contact-centre interactions: as senders put them on `cx.interactions.raw.v1` and as listen records them. */
import type { InteractionRecordedV1 } from '../events';
import { ID, INPUT_INSTANT, INSTANT, STRINGS } from './common';
import { nullable, type Expect, type SchemaMatches } from './check';

const OUTCOME = { enum: ['handled', 'abandoned', 'transferred'] } as const;
const SECONDS = { type: 'number', minimum: 0 } as const;

/**
 * ALIGN WITH InteractionDto: written from the "Interaction fields" of ARCHITECTURE.md before the
 * interaction DTO landed in libs/contracts. When it lands, add
 * `Expect<SchemaMatches<typeof RAW_INTERACTION_SCHEMA, Omit<RawInteractionDto, 'problems'>>>`
 * below, fix what it reports, and drop the `x-continuum-status` mark.
 */
export const RAW_INTERACTION_SCHEMA = {
  type: 'object',
  'x-continuum-status': 'provisional: align with InteractionDto in libs/contracts',
  additionalProperties: false,
  required: ['tenantId', 'id', 'customerId', 'channel', 'touchpoint', 'outcome', 'startedAt'],
  properties: {
    tenantId: ID,
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    customerId: ID,
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    touchpoint: ID,
    queue: { type: 'string', maxLength: 128 },
    agentId: ID,
    outcome: OUTCOME,
    startedAt: INPUT_INSTANT,
    endedAt: INPUT_INSTANT,
    waitSeconds: SECONDS,
    holdSeconds: SECONDS,
    handleSeconds: SECONDS,
    transfers: { type: 'integer', minimum: 0 },
    resolved: { type: 'boolean' },
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
  ],
  properties: {
    interactionId: ID,
    tenantId: ID,
    customerId: ID,
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
  },
} as const;

export type InteractionSchemaChecks = [
  Expect<SchemaMatches<typeof INTERACTION_RECORDED_SCHEMA, InteractionRecordedV1>>,
];
