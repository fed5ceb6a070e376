/** The action routes as OpenAPI shows them: actions as `cx.actions.v1` has them, and their effectiveness. */
import {
  ACTION_CHANGES,
  ACTION_VIEW_SCHEMA,
  INSTANT,
  NOTE_SCHEMA,
  STRINGS,
  type ActionView,
} from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

const NULLABLE_INSTANT = { ...INSTANT, type: ['string', 'null'] };

/** The API shows the description in clear: `sealedDescription` exists on `cx.actions.v1` only. */
const { sealedDescription: _onTopicOnly, ...VIEW_PROPERTIES } = ACTION_VIEW_SCHEMA.properties;
export const ACTION_VIEW = { ...ACTION_VIEW_SCHEMA, properties: VIEW_PROPERTIES } as unknown as JsonSchema;

export const ACTION_EXAMPLE: ActionView = {
  id: '0b6f4b7e-3d1f-4d59-9a8e-1f0f3c1b2a10',
  tenantId: 'acme',
  dedupKey: 'followup:customer:c-7',
  loop: 'inner',
  title: 'Call c-7 back',
  description: 'NPS 3 at checkout: "Pagamento fallito, attesa infinita"',
  status: 'open',
  owner: 'customer-care',
  category: 'customer-follow-up',
  priority: 'high',
  stage: 'buy',
  touchpoint: 'checkout',
  customerId: 'c-7',
  sourceEventId: '5f0c1c53-6f7b-4a7e-8d0a-2a4d9b0f1e22',
  slaHours: 24,
  dueAt: '2026-03-03T09:15:01.000Z',
  createdAt: '2026-03-02T09:15:01.000Z',
  updatedAt: '2026-03-02T09:15:01.000Z',
  rule: 'detractor',
  playbookVersion: 2,
  escalationChain: ['care-lead'],
  escalationLevel: 0,
  gapKey: null,
  indicator: null,
  scope: null,
  rootCause: null,
  effort: null,
  cost: null,
  resolvedAt: null,
  verifiedAt: null,
};

export const ACTIONS_PAGE: JsonSchema = {
  type: 'object',
  required: ['items', 'total', 'limit', 'offset'],
  additionalProperties: false,
  properties: {
    items: { type: 'array', items: ACTION_VIEW },
    total: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1 },
    offset: { type: 'integer', minimum: 0 },
  },
};

export const HISTORY_ENTRY: JsonSchema = {
  type: 'object',
  required: ['change', 'actor', 'actorName', 'comment', 'at'],
  additionalProperties: false,
  properties: {
    change: { enum: [...ACTION_CHANGES] },
    actor: { type: 'string', description: '`continuum`, `user:<sub>` or `key:<prefix>`.' },
    actorName: {
      type: 'string',
      description: "The person's display name, the key's prefix, or `continuum`.",
    },
    comment: { type: ['string', 'null'] },
    at: INSTANT,
  },
};

export const ACTION_DETAIL: JsonSchema = {
  ...ACTION_VIEW_SCHEMA,
  required: [...ACTION_VIEW_SCHEMA.required, 'history', 'evidence', 'verifications'],
  properties: {
    ...VIEW_PROPERTIES,
    history: { type: 'array', items: HISTORY_ENTRY },
    evidence: { ...STRINGS, description: 'Event ids (ce_id) that opened or joined the action.' },
    verifications: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'outcome',
          'cycleStart',
          'value',
          'reference',
          'gapValue',
          'pointsRecovered',
          'cyclesWatched',
          'at',
        ],
        additionalProperties: false,
        properties: {
          outcome: { enum: ['verified', 'not-recovered'] },
          cycleStart: NULLABLE_INSTANT,
          value: { type: ['number', 'null'] },
          reference: { type: ['number', 'null'] },
          gapValue: { type: ['number', 'null'] },
          pointsRecovered: { type: ['number', 'null'] },
          cyclesWatched: { type: 'integer', minimum: 0 },
          at: INSTANT,
        },
      },
    },
  },
};

export const ACTION_DETAIL_EXAMPLE = {
  ...ACTION_EXAMPLE,
  history: [
    {
      change: 'opened',
      actor: 'continuum',
      actorName: 'continuum',
      comment: null,
      at: '2026-03-02T09:15:01.000Z',
    },
  ],
  evidence: ['5f0c1c53-6f7b-4a7e-8d0a-2a4d9b0f1e22'],
  verifications: [],
};

export const NOTE_BODY = NOTE_SCHEMA as unknown as JsonSchema;
export const NOTE_EXAMPLE = { text: 'Courier confirmed a new delivery slot for tomorrow.' };
export const HISTORY_ENTRY_EXAMPLE = {
  change: 'noted',
  actor: 'user:00u1a2b3c4',
  actorName: 'Lucia Rossi',
  comment: NOTE_EXAMPLE.text,
  at: '2026-03-02T10:01:00.000Z',
};

export const TRANSITION_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: {
      type: 'string',
      maxLength: 100,
      deprecated: true,
      description:
        'Ignored: the history and the audit trail name the authenticated caller (the person, or `key:<prefix>`).',
    },
    comment: { type: 'string', maxLength: 4000 },
    rootCause: {
      type: 'string',
      maxLength: 100,
      description: "On resolve: a root cause of the playbook's taxonomy.",
    },
    effort: { type: 'number', minimum: 0 },
    cost: { type: 'number', minimum: 0 },
  },
};

export const WRITEBACK_BODY: JsonSchema = {
  ...TRANSITION_BODY,
  properties: {
    ...(TRANSITION_BODY.properties as Record<string, JsonSchema>),
    eventId: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "The ticket tool's event id (or send `Idempotency-Key`): a repeated one changes nothing.",
    },
  },
};

const EFFECTIVENESS = {
  actions: { type: 'integer', minimum: 0 },
  closed: { type: 'integer', minimum: 0 },
  shareClosed: { type: ['number', 'null'], minimum: 0, maximum: 1 },
  medianHoursToVerified: { type: ['number', 'null'] },
  pointsPerEffort: { type: ['number', 'null'] },
  pointsPerCost: { type: ['number', 'null'] },
};
const EFFECTIVENESS_REQUIRED = Object.keys(EFFECTIVENESS);
const group = (key: string) => ({
  type: 'array',
  items: {
    type: 'object',
    required: [key, ...EFFECTIVENESS_REQUIRED],
    additionalProperties: false,
    properties: { [key]: { type: 'string' }, ...EFFECTIVENESS },
  },
});

export const EFFECTIVENESS_VIEW: JsonSchema = {
  type: 'object',
  required: ['since', 'until', 'overall', 'byOwner', 'byCategory', 'byIndicator'],
  additionalProperties: false,
  properties: {
    since: INSTANT,
    until: INSTANT,
    overall: {
      type: 'object',
      required: EFFECTIVENESS_REQUIRED,
      additionalProperties: false,
      properties: EFFECTIVENESS,
    },
    byOwner: group('owner'),
    byCategory: group('category'),
    byIndicator: group('indicator'),
  },
};

const EFFECTIVENESS_ROW = {
  actions: 4,
  closed: 3,
  shareClosed: 0.75,
  medianHoursToVerified: 168,
  pointsPerEffort: 2.5,
  pointsPerCost: null,
};
export const EFFECTIVENESS_EXAMPLE = {
  since: '2025-03-02T00:00:00.000Z',
  until: '2026-03-02T00:00:00.000Z',
  overall: EFFECTIVENESS_ROW,
  byOwner: [{ owner: 'customer-care', ...EFFECTIVENESS_ROW }],
  byCategory: [{ category: 'process', ...EFFECTIVENESS_ROW }],
  byIndicator: [{ indicator: 'nps/v1', ...EFFECTIVENESS_ROW }],
};
