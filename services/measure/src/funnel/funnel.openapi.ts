/** The response funnel route as OpenAPI shows it. */
import { CYCLE, INDICATOR_VALUE_SCHEMA } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

const COUNT = { type: 'integer', minimum: 0 };

export const FUNNEL_VIEW: JsonSchema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'cycle',
          'touchpoint',
          'channel',
          'invited',
          'skipped',
          'skippedByReason',
          'delivered',
          'bounced',
          'failed',
          'opened',
          'answered',
          'responseRate',
        ],
        properties: {
          cycle: CYCLE,
          touchpoint: { type: ['string', 'null'] },
          channel: { type: ['string', 'null'] },
          invited: COUNT,
          skipped: COUNT,
          skippedByReason: {
            type: 'object',
            additionalProperties: COUNT,
            description:
              '`policy:overall`, `policy:channel`, `policy:segment`, `opt-out`, `consent`, `no-address`, `sampling`.',
          },
          delivered: COUNT,
          bounced: COUNT,
          failed: COUNT,
          opened: COUNT,
          answered: COUNT,
          responseRate: INDICATOR_VALUE_SCHEMA,
        },
      },
    },
  },
};

export const FUNNEL_EXAMPLE = {
  items: [
    {
      cycle: { length: 'week', start: '2026-03-01T23:00:00.000Z', end: '2026-03-08T23:00:00.000Z' },
      touchpoint: 'agent-call',
      channel: 'email',
      invited: 120,
      skipped: 20,
      skippedByReason: { 'policy:channel': 14, 'opt-out': 2, consent: 4 },
      delivered: 97,
      bounced: 3,
      failed: 0,
      opened: 61,
      answered: 38,
      responseRate: { indicator: 'response/rate/v1', n: 97, value: 39.175, ci: [30.04, 49.13] },
    },
  ],
};
