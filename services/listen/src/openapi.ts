/**
 * listen's OpenAPI: the document's title, and the request and answer schemas its controllers
 * document. Payload schemas come from `@continuum/contracts` (the same ones the AsyncAPI document
 * and the compile-time checks use); what only HTTP shows is described here.
 */
import {
  CYCLE_LENGTHS,
  ID,
  INSTANT,
  INTERACTION_OUTCOMES,
  JOURNEY_SCHEMA,
  NEW_KEY_SCHEMA,
  RAW_INVITATION_SCHEMA,
  USER_BODY_SCHEMA,
  SCOPE_KINDS,
} from '@continuum/contracts';
import { answer, listOf, type EndpointDoc, type JsonSchema, type OpenApiInfo } from '@continuum/platform';

/** The title and description of listen's OpenAPI document (`/docs`). */
export const OPENAPI_INFO: OpenApiInfo = {
  title: 'Continuum listen',
  description:
    "Feedback, interactions and invitations in; the tenant's journey map, themes, contact policy and CSV imports. Every endpoint but health, metrics and these docs needs `Authorization: Bearer <tenant API key or a person's access token>`; users, keys and the audit trail of the tenant are served here; errors are RFC 9457 `application/problem+json`.",
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A raw-topic schema as HTTP takes it: the API key names the tenant, so no `tenantId`. */
export function withoutTenant(schema: object): JsonSchema {
  const s = clone(schema) as { properties: Record<string, unknown>; required: string[] };
  delete s.properties.tenantId;
  s.required = s.required.filter((k) => k !== 'tenantId');
  return s;
}

/** A recorded-event schema as GET answers it: `id` instead of `<kind>Id`, no `tenantId`. */
export function asPublic(schema: object, idField: string): JsonSchema {
  const s = clone(schema) as { properties: Record<string, unknown>; required: string[] };
  const id = s.properties[idField];
  delete s.properties[idField];
  delete s.properties.tenantId;
  s.properties = { id, ...s.properties };
  s.required = ['id', ...s.required.filter((k) => k !== idField && k !== 'tenantId')];
  return s;
}

export function withoutProperty(schema: JsonSchema, name: string): JsonSchema {
  const s = schema as { properties: Record<string, unknown> };
  delete s.properties[name];
  return s;
}

/** One object, or an array of 1–1,000 of them. */
export function oneOrMany(item: JsonSchema): JsonSchema {
  return { oneOf: [item, { type: 'array', minItems: 1, maxItems: 1000, items: item }] };
}

const INTAKE_ITEM = {
  type: 'object',
  required: ['id', 'status'],
  additionalProperties: false,
  properties: {
    id: ID,
    status: { enum: ['recorded', 'duplicate'], description: '`duplicate`: the id was sent before.' },
  },
};

const INTAKE_RESPONSE: JsonSchema = {
  oneOf: [
    { ...INTAKE_ITEM, description: 'For one object.' },
    {
      type: 'object',
      description: 'For an array: counts, then every item in the order sent.',
      required: ['accepted', 'duplicates', 'items'],
      additionalProperties: false,
      properties: {
        accepted: { type: 'integer', minimum: 0 },
        duplicates: { type: 'integer', minimum: 0 },
        items: { type: 'array', items: INTAKE_ITEM },
      },
    },
  ],
};

/** `POST` of a one-or-many intake: validated as a batch, recorded, answered item by item. */
export function intakeEndpoint(
  summary: string,
  description: string,
  body: JsonSchema,
  example: { id: string },
): EndpointDoc {
  return {
    summary,
    description,
    permission: 'ingest',
    body: { schema: oneOrMany(body), example },
    response: answer(
      'Recorded (or recognised as a duplicate).',
      INTAKE_RESPONSE,
      { id: example.id, status: 'recorded' },
      202,
    ),
  };
}

/** `GET …/:id` of what a sender posted, by the sender's id. */
export function byIdEndpoint(summary: string, response: EndpointDoc['response']): EndpointDoc {
  return {
    summary,
    path: [{ name: 'id', schema: ID, description: "The sender's id." }],
    response,
    problems: [404],
  };
}

/** A page of a list read oldest first: its items, and the path of the next page. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items', 'next'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: item },
      next: { type: ['string', 'null'], description: 'The path of the next page; null on the last page.' },
    },
  };
}

/** A tenant setting as GET answers it: its fields, and whether it is still Continuum's default. */
export function withDefault(properties: Record<string, unknown>, isDefault: string): JsonSchema {
  return {
    type: 'object',
    required: [...Object.keys(properties), 'default'],
    additionalProperties: false,
    properties: { ...properties, default: { type: 'boolean', description: isDefault } },
  };
}

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

const CONTACT_RULE = {
  type: 'object',
  required: ['max', 'windowDays'],
  additionalProperties: false,
  properties: {
    max: { type: 'integer', minimum: 1, maximum: 100, description: 'At most this many contacts…' },
    windowDays: {
      type: 'integer',
      minimum: 1,
      maximum: 365,
      description: '…in any window of this many days.',
    },
    channel: {
      type: 'string',
      maxLength: 64,
      description: 'Only contacts on this channel count (`*`: each channel on its own).',
    },
    segment: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Applies only to customers whose segment has all these attributes.',
    },
  },
};
export const CONTACT_POLICY_BODY: JsonSchema = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: { rules: { type: 'array', maxItems: 20, items: CONTACT_RULE } },
};
export const CONTACT_POLICY_EXAMPLE = {
  rules: [
    { max: 2, windowDays: 30 },
    { max: 1, windowDays: 7, channel: '*' },
  ],
};
export const CONTACT_POLICY_VIEW = withDefault(
  { rules: { type: 'array', items: CONTACT_RULE } },
  "True while the tenant uses Continuum's default rules.",
);
export const CONTACT_CHECK: JsonSchema = {
  type: 'object',
  required: ['allowed', 'until', 'reasons', 'customerId', 'channel'],
  additionalProperties: false,
  properties: {
    customerId: ID,
    channel: { type: ['string', 'null'] },
    allowed: { type: 'boolean' },
    until: {
      ...INSTANT,
      type: ['string', 'null'],
      description: 'When every rule allows again; null when allowed now.',
    },
    reasons: { type: 'array', items: { type: 'string' } },
  },
};

export const INVITATION_BODY = withoutTenant(RAW_INVITATION_SCHEMA);

const ROW_REJECTION = {
  type: 'object',
  required: ['line', 'id', 'errors'],
  additionalProperties: false,
  properties: {
    line: { type: 'integer', minimum: 1, description: 'Line of the file where the row starts (header: 1).' },
    id: { type: ['string', 'null'], description: "The row's `id` cell, when it has one." },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};
export const IMPORT_REPORT: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'bytesRead',
    'rowsRead',
    'accepted',
    'duplicates',
    'rejected',
    'rejections',
    'error',
    'startedAt',
    'updatedAt',
    'finishedAt',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kind: { enum: ['feedback', 'interactions'] },
    status: { enum: ['running', 'completed', 'failed', 'interrupted'] },
    bytesRead: { type: 'integer', minimum: 0 },
    rowsRead: { type: 'integer', minimum: 0 },
    accepted: { type: 'integer', minimum: 0 },
    duplicates: { type: 'integer', minimum: 0 },
    rejected: { type: 'integer', minimum: 0 },
    rejections: {
      type: 'array',
      items: ROW_REJECTION,
      description: 'The first rejections; `rejected` counts all.',
    },
    error: { type: ['string', 'null'] },
    startedAt: INSTANT,
    updatedAt: INSTANT,
    finishedAt: { ...INSTANT, type: ['string', 'null'] },
  },
};
export const IMPORT_REPORT_EXAMPLE = {
  id: 'import-2026-03',
  kind: 'feedback',
  status: 'completed',
  bytesRead: 18234,
  rowsRead: 250,
  accepted: 248,
  duplicates: 1,
  rejected: 1,
  rejections: [
    { line: 17, id: 'f-16', errors: [{ field: 'nps', reason: 'nps must not be greater than 10' }] },
  ],
  error: null,
  startedAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:01.200Z',
  finishedAt: '2026-03-02T09:00:01.200Z',
};

const INVITATION_ITEM: JsonSchema = {
  type: 'object',
  required: ['id', 'status'],
  additionalProperties: false,
  properties: {
    id: ID,
    status: {
      enum: ['recorded', 'duplicate', 'skipped'],
      description:
        '`recorded`: it may go out and counts as a contact; `skipped`: the contact policy forbids it (do not send); `duplicate`: the id was sent before.',
    },
    reason: {
      enum: ['policy:overall', 'policy:channel', 'policy:segment'],
      description: 'With `skipped`: the kind of the first rule that forbids it.',
    },
    reasons: {
      type: 'array',
      items: { type: 'string' },
      description: 'With `skipped`: every rule that forbids it.',
    },
  },
};

export const INVITATION_RESPONSE: JsonSchema = {
  oneOf: [INVITATION_ITEM, listOf(INVITATION_ITEM)],
};

export const INVITATION_SKIPS: JsonSchema = {
  type: 'object',
  required: ['since', 'until', 'total', 'items'],
  additionalProperties: false,
  properties: {
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    total: { type: 'integer', minimum: 0 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['reason', 'channel', 'touchpoint', 'count'],
        additionalProperties: false,
        properties: {
          reason: { type: 'string', description: '`policy:overall`, `policy:channel`, `policy:segment`, …' },
          channel: { type: ['string', 'null'] },
          touchpoint: { type: ['string', 'null'] },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
};

// ------------------------------------------------------------------ people ---

const ROLE_LIST: JsonSchema = { type: 'array', items: { enum: ['viewer', 'agent', 'manager', 'admin'] } };

export const USER_BODY = USER_BODY_SCHEMA as unknown as JsonSchema;
export const USER_EXAMPLE = {
  subject: '00u1a2b3c4',
  email: 'lucia@example.com',
  name: 'Lucia Rossi',
  roles: ['agent'],
  teams: ['customer-care'],
};
export const USER_VIEW: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'email', 'name', 'roles', 'teams', 'updatedAt'],
  properties: {
    subject: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    roles: ROLE_LIST,
    teams: { type: 'array', items: { type: 'string' } },
    updatedAt: INSTANT,
  },
};
export const USER_VIEW_EXAMPLE = { ...USER_EXAMPLE, updatedAt: '2026-03-02T09:15:00.000Z' };

export const NEW_KEY_BODY = NEW_KEY_SCHEMA as unknown as JsonSchema;
const KEY_SCOPES_LIST: JsonSchema = {
  type: 'array',
  items: { enum: ['ingest', 'read', 'act', 'admin', 'ingest:widget'] },
};
const KEY_ORIGINS: JsonSchema = {
  anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }],
  description: 'A widget key’s allowed origins; null for secret keys.',
};
export const KEY_VIEW: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['prefix', 'name', 'scopes', 'origins', 'createdAt', 'createdBy', 'lastUsedAt', 'revokedAt'],
  properties: {
    prefix: {
      type: 'string',
      description:
        'Names the key everywhere (`ck_`, or `cpk_` for a publishable widget key, and 8 hex digits).',
    },
    name: { type: ['string', 'null'] },
    scopes: KEY_SCOPES_LIST,
    origins: KEY_ORIGINS,
    createdAt: INSTANT,
    createdBy: { type: ['string', 'null'], description: 'Who issued it (person or key), when known.' },
    lastUsedAt: {
      anyOf: [INSTANT, { type: 'null' }],
      description: 'When it was last used, to the minute (written at most once a minute per service).',
    },
    revokedAt: { anyOf: [INSTANT, { type: 'null' }] },
  },
};
export const KEY_VIEW_EXAMPLE = {
  prefix: 'ck_1a2b3c4d',
  name: 'survey widget',
  scopes: ['ingest'],
  origins: null,
  createdAt: '2026-03-02T09:15:00.000Z',
  createdBy: 'Ada Admin',
  lastUsedAt: '2026-03-02T10:01:00.000Z',
  revokedAt: null,
};
export const ISSUED_KEY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'prefix', 'scopes', 'name', 'origins'],
  properties: {
    key: { type: 'string', description: 'The key itself: shown this once, stored only as a hash.' },
    prefix: { type: 'string' },
    scopes: KEY_SCOPES_LIST,
    origins: KEY_ORIGINS,
    name: { type: ['string', 'null'] },
  },
};

export const AUDIT_RECORD: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'actor', 'ip', 'action', 'resource', 'resourceId'],
  properties: {
    id: { type: 'string', description: 'The cursor of `after`.' },
    at: INSTANT,
    actor: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'subject', 'name', 'keyPrefix'],
      properties: {
        kind: { enum: ['user', 'key', 'system'] },
        subject: { type: ['string', 'null'], description: "The person's `sub` at the identity provider." },
        name: { type: 'string', description: "The person's display name, or the key's prefix." },
        keyPrefix: { type: ['string', 'null'] },
      },
    },
    ip: { type: ['string', 'null'], description: "The client's address." },
    action: { type: 'string' },
    resource: { type: 'string' },
    resourceId: { type: ['string', 'null'] },
    detail: { type: 'object' },
  },
};
export const AUDIT_PAGE = pageOf(AUDIT_RECORD);
export const AUDIT_EXAMPLE = {
  id: '42',
  at: '2026-03-02T09:15:00.000Z',
  actor: { kind: 'user', subject: '00u1a2b3c4', name: 'Lucia Rossi', keyPrefix: null },
  ip: '10.0.0.7',
  action: 'resolve',
  resource: 'action',
  resourceId: '6f1c1d1e-2b8a-4c55-9a0e-0c8f5a1b2c3d',
  detail: { rootCause: 'courier-delay' },
};

const SURVEY_TEXT: JsonSchema = {
  type: 'object',
  required: ['it', 'en'],
  additionalProperties: false,
  properties: {
    it: { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
};
const HH_MM: JsonSchema = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };

const SURVEY_QUESTION: JsonSchema = {
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: { type: { enum: ['nps', 'csat', 'ces', 'emoji'] }, text: SURVEY_TEXT },
};
const SURVEY_INVITATION: JsonSchema = {
  type: 'object',
  required: ['subject', 'intro'],
  additionalProperties: false,
  properties: { subject: SURVEY_TEXT, intro: SURVEY_TEXT },
  description: 'The invitation e-mail: subject and first line.',
};

export const SURVEY_BODY: JsonSchema = {
  type: 'object',
  required: ['touchpoints', 'question', 'thankYou', 'invitation'],
  additionalProperties: false,
  properties: {
    touchpoints: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: ID,
      description: 'The touchpoints whose interactions it follows (one survey per touchpoint).',
    },
    question: SURVEY_QUESTION,
    comment: {
      type: 'object',
      required: ['text'],
      additionalProperties: false,
      properties: { text: SURVEY_TEXT, maxLength: { type: 'integer', minimum: 1, maximum: 1000 } },
    },
    reasons: {
      type: 'object',
      required: ['text', 'themes'],
      additionalProperties: false,
      properties: {
        text: SURVEY_TEXT,
        themes: {
          type: 'array',
          minItems: 1,
          maxItems: 12,
          items: ID,
          description: "Theme ids of the tenant's taxonomy, shown as chips.",
        },
      },
    },
    thankYou: SURVEY_TEXT,
    invitation: SURVEY_INVITATION,
    channel: { enum: ['email'] },
    trigger: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sampling: { type: 'number', minimum: 0, maximum: 1 },
        delayMinutes: { type: 'integer', minimum: 0, maximum: 10080 },
        quietHours: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: HH_MM, to: HH_MM },
          description: "In the journey's time zone.",
        },
        outcomes: {
          type: 'array',
          maxItems: 3,
          items: { enum: INTERACTION_OUTCOMES },
        },
      },
    },
    expiresAfterDays: { type: 'integer', minimum: 1, maximum: 60 },
    paused: { type: 'boolean' },
  },
};

export const SURVEY_EXAMPLE = {
  touchpoints: ['agent-call'],
  question: {
    type: 'nps',
    text: {
      it: 'Quanto consiglieresti il nostro servizio clienti a un amico?',
      en: 'How likely are you to recommend our customer service to a friend?',
    },
  },
  comment: { text: { it: 'Vuoi dirci di più?', en: 'Anything you want to add?' } },
  thankYou: { it: 'Grazie!', en: 'Thank you!' },
  invitation: {
    subject: { it: 'Com’è andata la chiamata?', en: 'How was your call?' },
    intro: { it: 'Una domanda, un tocco.', en: 'One question, one tap.' },
  },
  trigger: { sampling: 1, delayMinutes: 0, quietHours: { from: '21:00', to: '08:00' } },
};

export const SURVEY_YAML_EXAMPLE = `touchpoints: [agent-call]
question:
  type: nps
  text:
    it: Quanto consiglieresti il nostro servizio clienti a un amico?
    en: How likely are you to recommend our customer service to a friend?
thankYou: { it: Grazie!, en: Thank you! }
invitation:
  subject: { it: Com'è andata la chiamata?, en: How was your call? }
  intro: { it: Una domanda, un tocco., en: One question, one tap. }
`;

export const SURVEY_VIEW: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'version',
    'touchpoints',
    'question',
    'comment',
    'reasons',
    'thankYou',
    'invitation',
    'channel',
    'trigger',
    'expiresAfterDays',
    'paused',
    'updatedAt',
  ],
  additionalProperties: false,
  properties: {
    id: ID,
    version: { type: 'integer', minimum: 1 },
    touchpoints: { type: 'array', items: ID },
    question: SURVEY_QUESTION,
    comment: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['text', 'maxLength'],
          additionalProperties: false,
          properties: { text: SURVEY_TEXT, maxLength: { type: 'integer' } },
        },
      ],
    },
    reasons: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['text', 'chips'],
          additionalProperties: false,
          properties: {
            text: SURVEY_TEXT,
            chips: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'label'],
                additionalProperties: false,
                properties: { id: ID, label: SURVEY_TEXT },
              },
            },
          },
        },
      ],
    },
    thankYou: SURVEY_TEXT,
    invitation: SURVEY_INVITATION,
    channel: { enum: ['email'] },
    trigger: {
      type: 'object',
      required: ['sampling', 'delayMinutes', 'quietHours', 'outcomes'],
      additionalProperties: false,
      properties: {
        sampling: { type: 'number' },
        delayMinutes: { type: 'integer' },
        quietHours: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              required: ['from', 'to'],
              additionalProperties: false,
              properties: { from: HH_MM, to: HH_MM },
            },
          ],
        },
        outcomes: { type: 'array', items: { type: 'string' } },
      },
    },
    expiresAfterDays: { type: 'integer' },
    paused: { type: 'boolean' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const SURVEY_VIEW_EXAMPLE = {
  id: 'after-call',
  version: 1,
  ...SURVEY_EXAMPLE,
  comment: { ...SURVEY_EXAMPLE.comment, maxLength: 1000 },
  reasons: null,
  channel: 'email',
  trigger: { ...SURVEY_EXAMPLE.trigger, outcomes: ['handled'] },
  expiresAfterDays: 7,
  paused: false,
  updatedAt: '2026-03-02T09:15:00.000Z',
};

export const INVITATION_VIEW: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'channel',
    'touchpoint',
    'survey',
    'surveyVersion',
    'language',
    'status',
    'sendAfter',
    'sentAt',
    'expiresAt',
    'attempts',
    'lastError',
  ],
  additionalProperties: false,
  properties: {
    id: ID,
    channel: { type: 'string' },
    touchpoint: ID,
    survey: ID,
    surveyVersion: { type: 'integer', minimum: 1 },
    language: { enum: ['it', 'en'] },
    status: {
      enum: ['queued', 'sent', 'bounced', 'failed'],
      description: '`bounced`: the mail server refused the recipient; `failed`: given up after retries.',
    },
    sendAfter: { type: 'string', format: 'date-time' },
    sentAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    attempts: { type: 'integer', minimum: 0 },
    lastError: { type: ['string', 'null'] },
  },
};

export const CONTACT_BODY: JsonSchema = {
  type: 'object',
  required: ['consentToSurvey'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    language: { enum: ['it', 'en'] },
    consentToSurvey: { type: 'boolean' },
    segment: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 100 } },
  },
};

export const CONTACT_VIEW: JsonSchema = {
  type: 'object',
  required: ['customerId', 'email', 'language', 'consentToSurvey', 'segment'],
  additionalProperties: false,
  properties: {
    customerId: ID,
    email: { type: ['string', 'null'] },
    language: { enum: ['it', 'en', null] },
    consentToSurvey: { type: 'boolean' },
    segment: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
  },
};
