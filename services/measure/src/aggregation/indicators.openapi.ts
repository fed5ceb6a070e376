/** The indicator series route as OpenAPI shows it: the values `cx.metrics.v1` carries, per cycle. */
import { CYCLE, INDICATOR_VALUE_SCHEMA, SCOPE } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

const WEEK = { length: 'week', start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };

export const INDICATORS_VIEW: JsonSchema = {
  type: 'object',
  required: ['scope', 'items'],
  additionalProperties: false,
  properties: {
    scope: SCOPE,
    items: {
      type: 'array',
      items: {
        ...INDICATOR_VALUE_SCHEMA,
        required: [...INDICATOR_VALUE_SCHEMA.required, 'cycle', 'closed'],
        properties: {
          ...INDICATOR_VALUE_SCHEMA.properties,
          cycle: CYCLE,
          closed: { type: 'boolean', description: 'The cycle is over and its values final.' },
        },
      },
    },
  },
};

export const INDICATORS_EXAMPLE = {
  scope: { kind: 'journey', id: '*' },
  items: [{ indicator: 'nps/v1', n: 412, value: 18.4, ci: [11.2, 25.6], cycle: WEEK, closed: true }],
};
