/**
 * measure's OpenAPI: the document's title, and the answer schemas of its read endpoints. Indicator
 * values and gaps use the payload schemas of `@continuum/contracts` (what `cx.metrics.v1` and
 * `cx.gaps.v1` carry); the drivers view is described here.
 */
import {
  CYCLE,
  GAP_DETECTED_SCHEMA,
  INDICATOR_VALUE_SCHEMA,
  SCOPE,
  type GapDetectedV1,
  SCOPE_KINDS,
  SCOPE_PARAM_PATTERN,
} from '@continuum/contracts';
import { instantParam, listOf, type JsonSchema, type OpenApiInfo, type ParamDoc } from '@continuum/platform';

/** The title and description of measure's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum measure',
  description:
    'Indicators per cycle and scope, detected gaps with their evidence, and the drivers of NPS. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key>`; errors are RFC 9457 `application/problem+json`.',
};

export const SCOPE_QUERY: readonly ParamDoc[] = [
  {
    name: 'scope',
    schema: { type: 'string', pattern: SCOPE_PARAM_PATTERN },
    description:
      '`kind:id`, e.g. `touchpoint:checkout`, `segment:plan=fibra`, `journey:*` (or scopeKind + scopeId).',
  },
  { name: 'scopeKind', schema: { enum: [...SCOPE_KINDS] } },
  { name: 'scopeId', schema: { type: 'string', maxLength: 200 } },
];

export const RANGE_QUERY: readonly ParamDoc[] = [
  ...SCOPE_QUERY,
  instantParam('from', 'Cycles starting at or after (default: 90 days before `to`).'),
  instantParam('to', 'Cycles starting before (default: tomorrow). At most 3 years.'),
];

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

const WEEK = { length: 'week', start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };

export const INDICATORS_EXAMPLE = {
  scope: { kind: 'journey', id: '*' },
  items: [{ indicator: 'nps/v1', n: 412, value: 18.4, ci: [11.2, 25.6], cycle: WEEK, closed: true }],
};

export const GAPS_VIEW: JsonSchema = listOf(GAP_DETECTED_SCHEMA);

const GAP_EXAMPLE: GapDetectedV1 = {
  tenantId: 'acme',
  gapKey: 'acme|stage:support|nps/v1|week:2026-02-23|vs-previous',
  kind: 'vs-previous',
  scope: { kind: 'stage', id: 'support' },
  indicator: 'nps/v1',
  cycle: { length: 'week', start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
  previous: 22,
  current: 4,
  nPrevious: 380,
  nCurrent: 402,
  delta: -18,
  ci: [-27.5, -8.5],
  p: 0.0002,
  q: 0.004,
  target: null,
  stage: 'support',
  owner: 'customer-care',
  themes: [{ theme: 'waiting', share: 0.31, change: 0.12 }],
  sampleComments: ['Attesa infinita al telefono'],
};
export const GAPS_EXAMPLE = { items: [GAP_EXAMPLE] };

const NPS_SUMMARY = {
  type: 'object',
  required: ['n', 'nps'],
  additionalProperties: false,
  properties: { n: { type: 'integer', minimum: 0 }, nps: { type: ['number', 'null'] } },
};
const NULLABLE_NUMBER = { type: ['number', 'null'] };

export const DRIVERS_VIEW: JsonSchema = {
  type: 'object',
  required: [
    'scope',
    'indicator',
    'cycle',
    'previousCycle',
    'closed',
    'nps',
    'touchpoints',
    'explainedChange',
    'shiftShare',
    'themes',
    'keyDrivers',
  ],
  additionalProperties: false,
  properties: {
    scope: SCOPE,
    indicator: { const: 'nps/v1' },
    cycle: CYCLE,
    previousCycle: CYCLE,
    closed: { type: 'boolean' },
    nps: {
      type: 'object',
      required: ['n', 'nps', 'previous', 'change'],
      additionalProperties: false,
      properties: {
        ...NPS_SUMMARY.properties,
        previous: { oneOf: [NPS_SUMMARY, { type: 'null' }] },
        change: NULLABLE_NUMBER,
      },
    },
    touchpoints: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'touchpoint',
          'n',
          'weight',
          'nps',
          'impact',
          'previous',
          'change',
          'mix',
          'rate',
          'interaction',
          'vsRest',
        ],
        additionalProperties: false,
        properties: {
          touchpoint: { type: 'string' },
          n: { type: 'integer', minimum: 0 },
          weight: { type: 'number', minimum: 0, maximum: 1 },
          nps: NULLABLE_NUMBER,
          impact: {
            ...NULLABLE_NUMBER,
            description: "Points it pulls the scope's NPS above or below its level.",
          },
          previous: {
            oneOf: [
              {
                ...NPS_SUMMARY,
                required: ['n', 'nps', 'weight'],
                properties: { ...NPS_SUMMARY.properties, weight: { type: 'number' } },
              },
              { type: 'null' },
            ],
          },
          change: {
            ...NULLABLE_NUMBER,
            description:
              "Contribution to the scope's NPS change since the previous cycle: mix + rate + interaction.",
          },
          mix: { ...NULLABLE_NUMBER, description: '(w₁ − w₀)·NPS₀: its share of answers changed.' },
          rate: { ...NULLABLE_NUMBER, description: 'w₀·(NPS₁ − NPS₀): its score changed.' },
          interaction: { ...NULLABLE_NUMBER, description: '(w₁ − w₀)·(NPS₁ − NPS₀): both at once.' },
          vsRest: {
            oneOf: [
              {
                type: 'object',
                required: ['difference', 'p'],
                additionalProperties: false,
                properties: { difference: { type: 'number' }, p: { type: 'number', minimum: 0, maximum: 1 } },
              },
              { type: 'null' },
            ],
          },
        },
      },
    },
    explainedChange: { ...NULLABLE_NUMBER, description: 'Σ touchpoint changes.' },
    shiftShare: {
      description: "Σ of the touchpoints' mix, rate and interaction (they add up to explainedChange).",
      oneOf: [
        {
          type: 'object',
          required: ['mix', 'rate', 'interaction'],
          additionalProperties: false,
          properties: { mix: { type: 'number' }, rate: { type: 'number' }, interaction: { type: 'number' } },
        },
        { type: 'null' },
      ],
    },
    themes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['theme', 'mentions', 'share', 'nps', 'npsWithout', 'impact', 'p'],
        additionalProperties: false,
        properties: {
          theme: { type: 'string' },
          mentions: { type: 'integer', minimum: 0 },
          share: { type: 'number', minimum: 0, maximum: 1 },
          nps: NULLABLE_NUMBER,
          npsWithout: NULLABLE_NUMBER,
          impact: NULLABLE_NUMBER,
          p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
        },
      },
    },
    keyDrivers: {
      type: 'object',
      description:
        "Respondent level: Johnson's relative weights of the 0–10 NPS answer on the other scores (CSAT, CES, emoji) and the themes mentioned, with bootstrap intervals.",
      required: ['status', 'method', 'outcome', 'n', 'r2', 'r2Ci', 'resamples', 'confidence', 'drivers'],
      additionalProperties: false,
      properties: {
        status: { enum: ['analysed', 'insufficient-sample', 'no-drivers'] },
        method: { const: 'relative-weights' },
        outcome: { const: 'nps-score' },
        n: { type: 'integer', minimum: 0, description: 'Respondents analysed (every driver answered).' },
        r2: NULLABLE_NUMBER,
        r2Ci: {
          oneOf: [{ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, { type: 'null' }],
        },
        resamples: { type: 'integer', minimum: 0 },
        confidence: { type: 'number' },
        drivers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['driver', 'kind', 'weight', 'share', 'ci', 'correlation'],
            additionalProperties: false,
            properties: {
              driver: { type: 'string', description: '`csat`, `ces`, `emoji`, or a theme.' },
              kind: { enum: ['score', 'theme'] },
              weight: { type: 'number', description: "Its part of the NPS answer's variance (Σ = r2)." },
              share: { type: 'number', description: 'weight ÷ r2.' },
              ci: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
              correlation: { type: 'number', description: 'With the NPS answer: which way it pulls.' },
            },
          },
        },
      },
    },
  },
};

export const DRIVERS_EXAMPLE = {
  scope: { kind: 'journey', id: '*' },
  indicator: 'nps/v1',
  cycle: WEEK,
  previousCycle: { length: 'week', start: '2026-02-16T00:00:00.000Z', end: '2026-02-23T00:00:00.000Z' },
  closed: true,
  nps: { n: 412, nps: 18.4, previous: { n: 398, nps: 24.1 }, change: -5.7 },
  touchpoints: [
    {
      touchpoint: 'call-queue',
      n: 120,
      weight: 0.29,
      nps: -12.5,
      impact: -8.9,
      previous: { n: 90, nps: 5, weight: 0.23 },
      change: -4.8,
      mix: 0.3,
      rate: -4.1,
      interaction: -1,
      vsRest: { difference: -43.1, p: 0.0001 },
    },
  ],
  explainedChange: -5.7,
  shiftShare: { mix: 0.9, rate: -5.4, interaction: -1.2 },
  themes: [
    { theme: 'waiting', mentions: 85, share: 0.21, nps: -40, npsWithout: 33.9, impact: -15.5, p: 0.0003 },
  ],
  keyDrivers: {
    status: 'analysed',
    method: 'relative-weights',
    outcome: 'nps-score',
    n: 388,
    r2: 0.46,
    r2Ci: [0.39, 0.53],
    resamples: 200,
    confidence: 0.95,
    drivers: [
      { driver: 'csat', kind: 'score', weight: 0.31, share: 0.67, ci: [0.25, 0.37], correlation: 0.62 },
      { driver: 'waiting', kind: 'theme', weight: 0.09, share: 0.2, ci: [0.05, 0.14], correlation: -0.33 },
      { driver: 'ces', kind: 'score', weight: 0.06, share: 0.13, ci: [0.03, 0.1], correlation: 0.31 },
    ],
  },
};

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
