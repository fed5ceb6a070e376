/** `cx.journey.v1`: the current journey map of a tenant (compacted: last value per tenant). */
import type { JourneyV1 } from '../events';
import { CYCLE_LENGTH, ID, SCOPE } from './common';
import { nullable, type Expect, type SchemaMatches } from './check';

export const JOURNEY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'tenantId',
    'version',
    'stages',
    'touchpoints',
    'teams',
    'targets',
    'cycle',
    'timeZone',
    'repeatContactWindowDays',
  ],
  properties: {
    tenantId: ID,
    version: { type: 'integer', minimum: 1, description: 'Increases with every accepted PUT /v1/journey.' },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'owner'],
        properties: { id: ID, name: { type: 'string' }, owner: nullable({ type: 'string' }) },
      },
    },
    touchpoints: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'stage', 'channel', 'owner'],
        properties: {
          id: ID,
          name: { type: 'string' },
          stage: ID,
          channel: nullable({ type: 'string' }),
          owner: nullable({ type: 'string' }),
        },
      },
    },
    teams: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'contact'],
        properties: { name: { type: 'string' }, contact: nullable({ type: 'string' }) },
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['scope', 'indicator', 'op', 'value'],
        properties: {
          scope: SCOPE,
          indicator: { type: 'string' },
          op: { enum: ['>=', '<='] },
          value: { type: 'number' },
        },
      },
    },
    cycle: CYCLE_LENGTH,
    timeZone: { type: 'string', description: 'IANA time zone, e.g. `Europe/Rome`.' },
    repeatContactWindowDays: { type: 'integer', minimum: 1 },
  },
} as const;

export type JourneySchemaChecks = [Expect<SchemaMatches<typeof JOURNEY_SCHEMA, JourneyV1>>];
