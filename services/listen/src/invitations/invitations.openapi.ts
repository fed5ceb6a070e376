/** The invitation and contact routes as OpenAPI shows them. */
import { ID, RAW_INVITATION_SCHEMA } from '@continuum/contracts';
import { listOf, type JsonSchema } from '@continuum/platform';
import { withoutTenant } from '../openapi';

export const INVITATION_BODY = withoutTenant(RAW_INVITATION_SCHEMA);

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
