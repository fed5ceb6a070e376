/** The drivers route as OpenAPI shows it. */
import { CYCLE, SCOPE } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

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
  cycle: { length: 'week', start: '2026-02-23T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
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
