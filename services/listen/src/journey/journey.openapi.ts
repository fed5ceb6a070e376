/** The journey map routes as OpenAPI shows them: what PUT takes, the map as `cx.journey.v1` has it. */
import { CYCLE_LENGTHS, ID, JOURNEY_SCHEMA, SCOPE_KINDS } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

const STAGE_IN = {
  type: 'object',
  required: ['id', 'name'],
  additionalProperties: false,
  properties: {
    id: ID,
    name: { type: 'string', maxLength: 200 },
    owner: { type: 'string', maxLength: 100, description: 'A team of `teams`.' },
  },
};
const TOUCHPOINT_IN = {
  type: 'object',
  required: ['id', 'name', 'stage'],
  additionalProperties: false,
  properties: {
    id: ID,
    name: { type: 'string', maxLength: 200 },
    stage: ID,
    channel: { type: 'string', maxLength: 64 },
    owner: { type: 'string', maxLength: 100 },
  },
};
const TARGET_IN = {
  type: 'object',
  required: ['scope', 'indicator', 'op', 'value'],
  additionalProperties: false,
  properties: {
    scope: {
      type: 'object',
      required: ['kind', 'id'],
      additionalProperties: false,
      properties: {
        kind: { enum: [...SCOPE_KINDS] },
        id: { type: 'string', maxLength: 200 },
      },
    },
    indicator: {
      type: 'string',
      maxLength: 64,
      description: 'A definition id (`nps/v1`) or its short name (`nps`, `csat`, `ces`, `abandonment`…).',
    },
    op: { enum: ['>=', '<='] },
    value: { type: 'number' },
  },
};

export const JOURNEY_BODY: JsonSchema = {
  type: 'object',
  required: ['stages', 'touchpoints'],
  additionalProperties: false,
  properties: {
    stages: { type: 'array', minItems: 1, maxItems: 50, items: STAGE_IN, description: 'In order.' },
    touchpoints: { type: 'array', maxItems: 1000, items: TOUCHPOINT_IN },
    teams: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string', maxLength: 100 }, contact: { type: 'string', maxLength: 200 } },
      },
    },
    targets: { type: 'array', maxItems: 1000, items: TARGET_IN },
    cycle: { enum: CYCLE_LENGTHS },
    timeZone: { type: 'string', maxLength: 64, description: 'IANA time zone, e.g. `Europe/Rome`.' },
    repeatContactWindowDays: { type: 'integer', minimum: 1, maximum: 90 },
  },
};
export const JOURNEY_EXAMPLE = {
  cycle: 'week',
  timeZone: 'Europe/Rome',
  teams: [{ name: 'e-commerce', contact: 'ecommerce@example.com' }, { name: 'customer-care' }],
  stages: [
    { id: 'buy', name: 'Buy', owner: 'e-commerce' },
    { id: 'support', name: 'Support', owner: 'customer-care' },
  ],
  touchpoints: [
    { id: 'checkout', name: 'Checkout', stage: 'buy', channel: 'web' },
    { id: 'agent-call', name: 'Agent call', stage: 'support', channel: 'voice' },
  ],
  targets: [{ scope: { kind: 'journey', id: '*' }, indicator: 'nps', op: '>=', value: 30 }],
};
export const JOURNEY_YAML_EXAMPLE = `cycle: week
timeZone: Europe/Rome
stages:
  - { id: buy, name: Buy }
touchpoints:
  - { id: checkout, name: Checkout, stage: buy, channel: web }
`;
export const JOURNEY_VIEW = JOURNEY_SCHEMA as unknown as JsonSchema;
export const JOURNEY_VIEW_EXAMPLE = {
  tenantId: 'acme',
  version: 3,
  stages: [
    { id: 'buy', name: 'Buy', owner: 'e-commerce' },
    { id: 'support', name: 'Support', owner: 'customer-care' },
  ],
  touchpoints: [
    { id: 'checkout', name: 'Checkout', stage: 'buy', channel: 'web', owner: 'e-commerce' },
    { id: 'agent-call', name: 'Agent call', stage: 'support', channel: 'voice', owner: 'customer-care' },
  ],
  teams: [
    { name: 'e-commerce', contact: 'ecommerce@example.com' },
    { name: 'customer-care', contact: null },
  ],
  targets: [{ scope: { kind: 'journey', id: '*' }, indicator: 'nps/v1', op: '>=', value: 30 }],
  cycle: 'week',
  timeZone: 'Europe/Rome',
  repeatContactWindowDays: 7,
};
