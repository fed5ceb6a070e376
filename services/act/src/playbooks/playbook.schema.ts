/**
 * The JSON Schema of a playbook document as tenants write it (JSON or YAML): every rule on a
 * single field lives here; playbook.validate.ts adds only what spans fields or needs code
 * (duplicate names, placeholders, time zones, min ≤ max) and fills omitted parts from the default.
 */
import {
  ACTION_CATEGORIES,
  ACTION_PRIORITIES,
  CYCLE_LENGTHS,
  explainPattern,
  GAP_KINDS,
  NON_BLANK,
  ROOT_CAUSE_CATEGORIES,
  SCOPE_KINDS,
} from '@continuum/contracts';
import { PLAYBOOK_SCHEMA, SEVERITIES } from './playbook.model';

export const MAX_RULES = 200;

/** Team, rule and root-cause names: safe in keys and URLs. */
const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$';
explainPattern(NAME_PATTERN, 'must be letters, digits and . _ : @ / + -, starting with a letter or digit');

const text = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: NON_BLANK }) as const;
const name = (maxLength: number) => ({ type: 'string', maxLength, pattern: NAME_PATTERN }) as const;

/** A non-empty list; a single string is taken as a list of one (convenient in YAML). */
const list = (items: object) => ({ type: 'array', minItems: 1, items }) as const;
const STRINGS = list(text(200));

const range = (min: number, max: number) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: {
      min: { type: 'number', minimum: min, maximum: max },
      max: { type: 'number', minimum: min, maximum: max },
    },
  }) as const;

const FEEDBACK_MATCH = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nps: range(0, 10),
    csat: range(1, 5),
    ces: range(1, 7),
    emoji: range(1, 5),
    sentimentBelow: { type: 'number', minimum: -1, maximum: 1 },
    themes: STRINGS,
    segment: { type: 'object', additionalProperties: STRINGS },
    consentToContact: { type: 'boolean' },
    touchpoints: STRINGS,
    stages: STRINGS,
    channels: STRINGS,
  },
} as const;

const GAP_MATCH = {
  type: 'object',
  additionalProperties: false,
  properties: {
    indicators: STRINGS,
    scopeKinds: list({ enum: SCOPE_KINDS }),
    scopeIds: STRINGS,
    stages: STRINGS,
    gapKinds: list({ enum: GAP_KINDS }),
    minDelta: { type: 'number', minimum: 0, maximum: 1e9 },
    maxQ: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    minSeverity: { enum: SEVERITIES },
  },
} as const;

const TEMPLATE_FIELDS = {
  title: text(300),
  description: text(4000),
  owner: name(100),
  category: { enum: ACTION_CATEGORIES },
  priority: { enum: ACTION_PRIORITIES },
  slaHours: { type: 'number', exclusiveMinimum: 0, maximum: 24 * 366 },
  escalation: { type: 'array', items: text(200) },
  effort: { type: 'number', minimum: 0, maximum: 1e9 },
  cost: { type: 'number', minimum: 0, maximum: 1e12 },
} as const;

const template = (required: readonly string[]) =>
  ({
    type: 'object',
    additionalProperties: false,
    required,
    properties: TEMPLATE_FIELDS,
  }) as const;

const rules = (when: object) =>
  ({
    type: 'array',
    maxItems: MAX_RULES,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'when', 'action'],
      properties: {
        name: name(100),
        when,
        action: template(['title', 'description', 'category', 'priority', 'slaHours']),
      },
    },
  }) as const;

export const PLAYBOOK_DOCUMENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    'A playbook as tenants write it; omitted sections and settings take the default playbook’s values.',
  properties: {
    schema: { const: PLAYBOOK_SCHEMA },
    defaultOwner: name(100),
    feedbackRules: rules(FEEDBACK_MATCH),
    gapRules: rules(GAP_MATCH),
    verification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cycles: { type: 'integer', minimum: 1, maximum: 52 },
        alpha: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
        minSample: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
    },
    rootCauses: {
      type: 'object',
      additionalProperties: false,
      properties: {
        taxonomy: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'label', 'category'],
            properties: { id: name(100), label: text(200), category: { enum: ROOT_CAUSE_CATEGORIES } },
          },
        },
        requireOnResolve: { type: 'boolean' },
        threshold: { type: 'integer', minimum: 1, maximum: 100_000 },
        cycle: { enum: CYCLE_LENGTHS },
        timeZone: text(64),
        action: template(['title', 'description', 'priority', 'slaHours']),
      },
    },
  },
} as const;
