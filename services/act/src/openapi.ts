/**
 * act's OpenAPI: the document's title, and the request and answer schemas its controllers
 * document. Actions use the payload schema of `@continuum/contracts` (what `cx.actions.v1`
 * carries); playbooks, webhooks and the effectiveness report are described here.
 */
import {
  ACTION_CATEGORIES,
  ACTION_CHANGES,
  ACTION_PRIORITIES,
  ACTION_VIEW_SCHEMA,
  CYCLE_LENGTHS,
  GAP_KINDS,
  INSTANT,
  ROOT_CAUSE_CATEGORIES,
  NOTE_SCHEMA,
  type ActionView,
  SCOPE_KINDS,
} from '@continuum/contracts';
import { listOf, type JsonSchema, type OpenApiInfo } from '@continuum/platform';
import { WEBHOOK_EVENT_TYPES } from './actions/action-log';
import { PLACEHOLDERS, TEMPLATE_METHODS, TEMPLATE_PRESETS } from './webhooks/ticket-template';

/** The title and description of act's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum act',
  description:
    'Playbooks, the actions they raise and their lifecycle, action effectiveness, and signed webhooks. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key>`; errors are RFC 9457 `application/problem+json`.',
};

const NULLABLE_INSTANT = { ...INSTANT, type: ['string', 'null'] };
const STRINGS = { type: 'array', items: { type: 'string' } };
const RANGE = {
  type: 'object',
  additionalProperties: false,
  properties: { min: { type: 'number' }, max: { type: 'number' } },
};

const TEMPLATE = {
  type: 'object',
  required: ['title', 'description', 'priority', 'slaHours'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', maxLength: 300, description: '`{placeholder}`s are filled from the evidence.' },
    description: { type: 'string', maxLength: 4000 },
    owner: { type: 'string', maxLength: 100, description: "Default: the touchpoint's or stage's team." },
    category: { enum: ACTION_CATEGORIES },
    priority: { enum: ACTION_PRIORITIES },
    slaHours: { type: 'number', exclusiveMinimum: 0, maximum: 8784 },
    escalation: { ...STRINGS, description: 'Teams the action passes to, in order, at each SLA breach.' },
    effort: { type: 'number', minimum: 0 },
    cost: { type: 'number', minimum: 0 },
  },
};

const FEEDBACK_MATCH = {
  type: 'object',
  additionalProperties: false,
  description: 'Every condition given must hold.',
  properties: {
    nps: RANGE,
    csat: RANGE,
    ces: RANGE,
    emoji: RANGE,
    sentimentBelow: { type: 'number', minimum: -1, maximum: 1 },
    themes: STRINGS,
    segment: { type: 'object', additionalProperties: STRINGS },
    consentToContact: { type: 'boolean' },
    touchpoints: STRINGS,
    stages: STRINGS,
    channels: STRINGS,
  },
};

const GAP_MATCH = {
  type: 'object',
  additionalProperties: false,
  description: 'Every condition given must hold.',
  properties: {
    indicators: STRINGS,
    scopeKinds: { type: 'array', items: { enum: [...SCOPE_KINDS] } },
    scopeIds: STRINGS,
    stages: STRINGS,
    gapKinds: { type: 'array', items: { enum: GAP_KINDS } },
    minDelta: { type: 'number', minimum: 0 },
    maxQ: { type: 'number', minimum: 0, maximum: 1 },
    minSeverity: { enum: ['minor', 'major', 'critical'] },
  },
};

const rules = (when: object) => ({
  type: 'array',
  description: 'Ordered: the first rule that matches wins.',
  items: {
    type: 'object',
    required: ['name', 'when', 'action'],
    additionalProperties: false,
    properties: { name: { type: 'string', maxLength: 100 }, when, action: TEMPLATE },
  },
});

const PLAYBOOK_PROPERTIES = {
  schema: { const: 'continuum.playbook/v1' },
  defaultOwner: { type: 'string', maxLength: 100 },
  feedbackRules: rules(FEEDBACK_MATCH),
  gapRules: rules(GAP_MATCH),
  verification: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cycles: { type: 'integer', minimum: 1, maximum: 52 },
      alpha: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
      minSample: { type: 'integer', minimum: 1 },
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
          required: ['id', 'label', 'category'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', maxLength: 100 },
            label: { type: 'string', maxLength: 200 },
            category: { enum: ROOT_CAUSE_CATEGORIES },
          },
        },
      },
      requireOnResolve: { type: 'boolean' },
      threshold: { type: 'integer', minimum: 1 },
      cycle: { enum: CYCLE_LENGTHS },
      timeZone: { type: 'string', maxLength: 64 },
      action: { ...TEMPLATE, required: ['title', 'description', 'priority', 'slaHours'] },
    },
  },
};

/** What PUT takes: every section optional (omitted sections come from the default playbook). */
export const PLAYBOOK_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: PLAYBOOK_PROPERTIES,
};

export const PLAYBOOK_EXAMPLE = {
  feedbackRules: [
    {
      name: 'detractor',
      when: { nps: { max: 6 } },
      action: {
        title: 'Call {customer} back',
        description: '{evidence}',
        category: 'customer-follow-up',
        priority: 'high',
        slaHours: 24,
        escalation: ['care-lead'],
      },
    },
  ],
  verification: { cycles: 2 },
};

export const PLAYBOOK_YAML_EXAMPLE = `verification: { cycles: 1 }
rootCauses:
  requireOnResolve: true
  threshold: 2
  cycle: day
`;

const PLAYBOOK_STORED = {
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'defaultOwner', 'feedbackRules', 'gapRules', 'verification', 'rootCauses'],
  properties: PLAYBOOK_PROPERTIES,
  description: 'The complete playbook in force (omitted sections filled from the default).',
};

export const PLAYBOOK_VIEW: JsonSchema = {
  type: 'object',
  required: ['tenantId', 'version', 'format', 'createdAt', 'playbook'],
  additionalProperties: false,
  properties: {
    tenantId: { type: 'string' },
    version: { type: 'integer', minimum: 0, description: '0: the built-in default.' },
    format: { enum: ['json', 'yaml'], description: 'How it was sent.' },
    createdAt: INSTANT,
    playbook: PLAYBOOK_STORED,
  },
};

export const PLAYBOOK_VIEW_EXAMPLE = {
  tenantId: 'acme',
  version: 2,
  format: 'json',
  createdAt: '2026-03-02T09:00:00.000Z',
  playbook: {
    schema: 'continuum.playbook/v1',
    defaultOwner: 'customer-care',
    feedbackRules: PLAYBOOK_EXAMPLE.feedbackRules,
    gapRules: [],
    verification: { cycles: 2, alpha: 0.05, minSample: 30 },
    rootCauses: {
      taxonomy: [{ id: 'billing-error', label: 'Billing error', category: 'process' }],
      requireOnResolve: false,
      threshold: 5,
      cycle: 'week',
      timeZone: 'Europe/Rome',
      action: {
        title: 'Fix {rootCause} at {stage}',
        description: '{count} follow-ups',
        priority: 'high',
        slaHours: 72,
        escalation: [],
      },
    },
  },
};

export const PLAYBOOK_VERSIONS: JsonSchema = listOf({
  type: 'object',
  required: ['version', 'format', 'createdAt'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1 },
    format: { enum: ['json', 'yaml'] },
    createdAt: INSTANT,
  },
});

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

export const WEBHOOK_BODY: JsonSchema = {
  type: 'object',
  required: ['url', 'eventTypes'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', format: 'uri', maxLength: 2000, description: 'http(s), without credentials.' },
    eventTypes: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { enum: [...WEBHOOK_EVENT_TYPES, '*'] },
      description: 'Event types to receive, or `*` for all.',
    },
    secret: {
      type: 'string',
      minLength: 16,
      maxLength: 200,
      description: 'Shared secret of the HMAC signature; generated (and returned once) when absent.',
    },
    description: { type: 'string', maxLength: 500 },
    template: {
      type: 'object',
      additionalProperties: false,
      description:
        'Send this request instead of the CloudEvent: a preset (`jira-cloud`, `servicenow`, `zendesk`) and/or method, path, headers (stored sealed) and a JSON body whose strings hold `{placeholders}`: ' +
        Object.keys(PLACEHOLDERS)
          .map((p) => `\`{${p}}\``)
          .join(', ') +
        ', `{params.<name>}`.',
      properties: {
        preset: { enum: [...TEMPLATE_PRESETS] },
        method: { enum: [...TEMPLATE_METHODS] },
        path: { type: 'string', maxLength: 500, pattern: '^/\\S*$' },
        headers: { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 } },
        body: { type: 'object' },
        params: { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 } },
        externalRefFrom: {
          type: 'string',
          maxLength: 200,
          description: "Dot path of the ticket's key in the tool's JSON answer (presets set it).",
        },
      },
    },
  },
};

const WEBHOOK_TEMPLATE_VIEW = {
  type: 'object',
  required: ['method', 'path', 'headers', 'body', 'params', 'externalRefFrom'],
  additionalProperties: false,
  properties: {
    method: { enum: [...TEMPLATE_METHODS] },
    path: { type: 'string' },
    headers: { type: 'array', items: { type: 'string' }, description: 'Header names only.' },
    body: { type: 'object' },
    params: { type: 'object', additionalProperties: { type: 'string' } },
    externalRefFrom: { type: ['string', 'null'] },
  },
};

const WEBHOOK_PROPERTIES = {
  id: { type: 'string', format: 'uuid' },
  url: { type: 'string' },
  eventTypes: STRINGS,
  description: { type: ['string', 'null'] },
  active: { type: 'boolean' },
  createdAt: INSTANT,
};
export const WEBHOOK_VIEW: JsonSchema = {
  type: 'object',
  required: Object.keys(WEBHOOK_PROPERTIES),
  additionalProperties: false,
  properties: { ...WEBHOOK_PROPERTIES, template: WEBHOOK_TEMPLATE_VIEW },
};
export const WEBHOOK_CREATED: JsonSchema = {
  ...WEBHOOK_VIEW,
  properties: {
    ...WEBHOOK_PROPERTIES,
    template: WEBHOOK_TEMPLATE_VIEW,
    secret: { type: 'string', description: 'Only when act generated it: shown this once.' },
  },
};
export const WEBHOOK_EXAMPLE = {
  id: '7d0b1a52-4c1e-4f3a-9d55-5e1c2b3a4d6f',
  url: 'https://hooks.example.com/continuum',
  eventTypes: ['action.opened', 'action.escalated'],
  description: 'Ticketing bridge',
  active: true,
  createdAt: '2026-03-02T09:00:00.000Z',
};
export const WEBHOOKS_LIST: JsonSchema = listOf(WEBHOOK_VIEW);
export const DELIVERIES: JsonSchema = listOf({
  type: 'object',
  required: [
    'id',
    'eventType',
    'eventId',
    'status',
    'attempts',
    'nextAttemptAt',
    'lastStatusCode',
    'lastError',
    'createdAt',
    'deliveredAt',
    'log',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    eventType: { type: 'string' },
    eventId: { type: 'string' },
    status: { enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer', minimum: 0 },
    nextAttemptAt: NULLABLE_INSTANT,
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: INSTANT,
    deliveredAt: NULLABLE_INSTANT,
    log: {
      type: 'array',
      items: {
        type: 'object',
        required: ['attempt', 'at', 'statusCode', 'error', 'durationMs'],
        additionalProperties: false,
        properties: {
          attempt: { type: 'integer', minimum: 1 },
          at: INSTANT,
          statusCode: { type: ['integer', 'null'] },
          error: { type: ['string', 'null'] },
          durationMs: { type: 'number', minimum: 0 },
        },
      },
    },
  },
});
export const DELIVERIES_EXAMPLE = {
  items: [
    {
      id: '2f7a3c10-8b1e-4d2a-a1c3-9e8d7f6a5b4c',
      eventType: 'action.opened',
      eventId: '5f0c1c53-6f7b-4a7e-8d0a-2a4d9b0f1e22',
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastStatusCode: 204,
      lastError: null,
      createdAt: '2026-03-02T09:15:01.000Z',
      deliveredAt: '2026-03-02T09:15:01.250Z',
      log: [{ attempt: 1, at: '2026-03-02T09:15:01.250Z', statusCode: 204, error: null, durationMs: 240 }],
    },
  ],
};
