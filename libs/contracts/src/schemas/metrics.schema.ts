/** Indicators, gaps, actions and closed loops: what measure and act publish. */
import {
  ACTION_CATEGORIES,
  ACTION_CHANGES,
  ACTION_LOOPS,
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  GAP_KINDS,
  type ActionChangedV1,
  type GapDetectedV1,
  type LoopClosedV1,
  type MetricsUpdatedV1,
} from '../events';
import { SEALED_PATTERN } from '../sealed';
import { CYCLE, ID, INSTANT, INTERVAL, NULLABLE_INTERVAL, SCOPE, STRINGS } from './common';
import { nullable, type Expect, type SchemaMatches } from './check';

/** One indicator's value in one cycle and scope (also what measure's HTTP API answers). */
export const INDICATOR_VALUE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['indicator', 'n', 'value', 'ci'],
  properties: {
    indicator: { type: 'string', description: 'The definition that produced the value, e.g. `nps/v1`.' },
    n: { type: 'integer', minimum: 0 },
    value: nullable({ type: 'number' }),
    ci: NULLABLE_INTERVAL,
  },
} as const;

export const METRICS_UPDATED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'scope', 'cycle', 'indicators'],
  properties: {
    tenantId: ID,
    scope: SCOPE,
    cycle: CYCLE,
    indicators: { type: 'array', items: INDICATOR_VALUE_SCHEMA },
    closed: {
      type: 'boolean',
      description:
        "True on the cycle's closing indicators (its evaluation); absent on running updates of an open cycle. Verification judges closing values only.",
    },
  },
} as const;

const GAP_COMPARISON = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'reference', 'delta', 'ci', 'p', 'q', 'test', 'status'],
  properties: {
    kind: { enum: ['vs-previous', 'vs-target'] },
    reference: nullable({ type: 'number', description: "The previous cycle's value or the target." }),
    delta: nullable({ type: 'number' }),
    ci: NULLABLE_INTERVAL,
    p: nullable({ type: 'number', minimum: 0, maximum: 1 }),
    q: nullable({ type: 'number', minimum: 0, maximum: 1 }),
    test: nullable({ type: 'string' }),
    status: { enum: ['gap', 'insufficient-sample', 'not-significant', 'below-minimum-effect', 'better'] },
  },
} as const;

const EARLY_WARNING_SIGNAL = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'eValue', 'threshold', 'family', 'rejections', 'fdr', 'tau'],
      description:
        "A one-sided mixture SPRT of the cell against the previous cycle, through e-BH across the tenant's cells.",
      properties: {
        method: { const: 'msprt-ebh' },
        eValue: { type: 'number', minimum: 0, description: 'The anytime-valid p-value is its inverse.' },
        threshold: { type: 'number', description: 'What e-BH needed: family ÷ (fdr × rejections).' },
        family: { type: 'integer', minimum: 1, description: 'Cells with a baseline (e-BH m).' },
        rejections: {
          type: 'integer',
          minimum: 1,
          description: 'Warnings of the cycle so far, this one included.',
        },
        fdr: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        tau: {
          type: 'number',
          exclusiveMinimum: 0,
          description: "Drop scale of the mixture, indicator's unit.",
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'lambda', 'limit', 'points', 'ewma', 'bound'],
      description: 'Before issue 21: an EWMA chart of slices (stored gaps only).',
      properties: {
        method: { const: 'ewma' },
        lambda: { type: 'number' },
        limit: { type: 'number' },
        points: { type: 'integer', minimum: 0 },
        ewma: { type: 'number' },
        bound: { type: 'number' },
      },
    },
  ],
} as const;

export const GAP_DETECTED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'tenantId',
    'gapKey',
    'kind',
    'scope',
    'indicator',
    'cycle',
    'previous',
    'current',
    'nPrevious',
    'nCurrent',
    'delta',
    'ci',
    'p',
    'q',
    'target',
    'stage',
    'owner',
    'themes',
    'sampleComments',
  ],
  properties: {
    tenantId: ID,
    gapKey: {
      type: 'string',
      description: 'Stable: tenant, scope, indicator, cycle, kind. One gap per key.',
    },
    kind: { enum: GAP_KINDS },
    scope: SCOPE,
    indicator: { type: 'string' },
    cycle: CYCLE,
    previous: nullable({ type: 'number' }),
    current: { type: 'number' },
    nPrevious: nullable({ type: 'integer', minimum: 0 }),
    nCurrent: { type: 'integer', minimum: 0 },
    delta: { type: 'number' },
    ci: INTERVAL,
    p: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: 'Two-sided, unadjusted; for early warnings the anytime-valid p-value 1/e.',
    },
    q: nullable({
      type: 'number',
      minimum: 0,
      maximum: 1,
      description:
        "BH-adjusted within the tenant's cycle; for early warnings the e-BH level it was given at.",
    }),
    target: nullable({ type: 'number' }),
    stage: nullable({ type: 'string' }),
    owner: nullable({ type: 'string' }),
    themes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['theme', 'share', 'change'],
        properties: { theme: { type: 'string' }, share: { type: 'number' }, change: { type: 'number' } },
      },
    },
    sampleComments: { ...STRINGS, description: 'Redacted comments.' },
    test: nullable({
      type: 'string',
      description: 'The test behind `p` and `ci` (`mixture-sprt` for early warnings).',
    }),
    comparisons: { type: 'array', items: GAP_COMPARISON },
    explains: {
      type: 'array',
      items: SCOPE,
      description: 'Broader scopes whose own gap this one accounts for.',
    },
    signal: EARLY_WARNING_SIGNAL,
    detectedAt: INSTANT,
  },
} as const;

/** An action as act publishes and serves it. */
export const ACTION_VIEW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'tenantId',
    'dedupKey',
    'loop',
    'title',
    'description',
    'status',
    'owner',
    'category',
    'priority',
    'stage',
    'touchpoint',
    'customerId',
    'sourceEventId',
    'slaHours',
    'dueAt',
    'createdAt',
    'updatedAt',
    'rule',
    'playbookVersion',
    'escalationChain',
    'escalationLevel',
    'gapKey',
    'indicator',
    'scope',
    'rootCause',
    'effort',
    'cost',
    'resolvedAt',
    'verifiedAt',
  ],
  properties: {
    id: { type: 'string' },
    tenantId: ID,
    dedupKey: { type: 'string', description: 'One open action per key, e.g. `followup:customer:c-42`.' },
    loop: { enum: ACTION_LOOPS },
    title: { type: 'string' },
    description: {
      type: 'string',
      description:
        'May quote redacted comments. On `cx.actions.v1`, `[sealed]` for an action about a customer: see `sealedDescription`.',
    },
    sealedDescription: {
      type: 'string',
      pattern: SEALED_PATTERN,
      description:
        "On `cx.actions.v1` only, for an action about a customer: its description (which may quote the customer's comment) sealed with the customer's key, like `FeedbackRecordedV1.sealedComment`. Unreadable once the customer is erased. The API and webhooks show the description in clear.",
    },
    status: { enum: ACTION_STATUSES },
    owner: { type: 'string' },
    category: { enum: ACTION_CATEGORIES },
    priority: { enum: ACTION_PRIORITIES },
    stage: nullable({ type: 'string' }),
    touchpoint: nullable({ type: 'string' }),
    customerId: nullable({
      type: 'string',
      description: 'The customer of a follow-up, as the feedback event named them (a pseudonym by default).',
    }),
    sourceEventId: { type: 'string', description: 'The event (ce_id) that opened the action.' },
    slaHours: { type: 'number', minimum: 0 },
    dueAt: INSTANT,
    createdAt: INSTANT,
    updatedAt: INSTANT,
    rule: nullable({ type: 'string', description: 'The playbook rule that produced the action.' }),
    playbookVersion: { type: 'integer', minimum: 0, description: '0: the built-in default playbook.' },
    escalationChain: { ...STRINGS, description: 'Who gets the action next when its SLA is breached.' },
    escalationLevel: { type: 'integer', minimum: 0, description: 'How many of the chain have had it.' },
    gapKey: nullable({ type: 'string', description: 'Outer loop: the gap behind the action.' }),
    indicator: nullable({ type: 'string' }),
    scope: { anyOf: [SCOPE, { type: 'null' }] },
    rootCause: nullable({
      type: 'string',
      description: "Inner loop: the cause recorded on resolution, from the tenant's taxonomy.",
    }),
    effort: nullable({ type: 'number', minimum: 0 }),
    cost: nullable({ type: 'number', minimum: 0 }),
    resolvedAt: nullable({ type: 'string', format: 'date-time' }),
    verifiedAt: nullable({ type: 'string', format: 'date-time' }),
    externalRef: nullable({ type: 'string', maxLength: 200 }),
  },
} as const;

export const ACTION_CHANGED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['change', 'actor', 'comment', 'action'],
  properties: {
    change: {
      enum: ACTION_CHANGES,
    },
    actor: {
      type: 'string',
      description:
        '`continuum` for automatic changes, `user:<sub>` for a person, `key:<prefix>` for an API key.',
    },
    actorName: { type: 'string', description: "The person's display name, or the key's prefix." },
    comment: {
      ...nullable({ type: 'string' }),
      description: 'Null on the topic when `sealedComment` carries it (an action about a customer).',
    },
    sealedComment: {
      type: 'string',
      pattern: SEALED_PATTERN,
      description:
        "The change's comment (e.g. added evidence quoting the customer), sealed like `action.sealedDescription`.",
    },
    action: ACTION_VIEW_SCHEMA,
  },
} as const;

export const LOOP_CLOSED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'actionId', 'gapKey', 'customers', 'summary'],
  properties: {
    tenantId: ID,
    actionId: { type: 'string', minLength: 1 },
    gapKey: { type: 'string' },
    customers: {
      ...STRINGS,
      description:
        'Customers to tell "you said, we did", as events name them (pseudonyms by default; listen resolves them).',
    },
    summary: { type: 'string' },
    title: { type: 'string', description: 'The action\'s title: what "we did".' },
  },
} as const;

export type MetricsSchemaChecks = [
  Expect<SchemaMatches<typeof METRICS_UPDATED_SCHEMA, MetricsUpdatedV1>>,
  Expect<SchemaMatches<typeof GAP_DETECTED_SCHEMA, GapDetectedV1>>,
  Expect<SchemaMatches<typeof ACTION_CHANGED_SCHEMA, ActionChangedV1>>,
  Expect<SchemaMatches<typeof LOOP_CLOSED_SCHEMA, LoopClosedV1>>,
];
