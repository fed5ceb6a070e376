/** The people routes (users, keys, audit trail) as OpenAPI shows them. */
import { INSTANT, NEW_KEY_SCHEMA, USER_BODY_SCHEMA } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { pageOf } from '../openapi';

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
