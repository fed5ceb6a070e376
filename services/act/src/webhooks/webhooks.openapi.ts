/** The webhook routes as OpenAPI shows them, and the delivery log they share with notifications. */
import { INSTANT, STRINGS } from '@continuum/contracts';
import { listOf, type JsonSchema } from '@continuum/platform';
import { WEBHOOK_EVENT_TYPES } from '../actions/action-log';
import { PLACEHOLDERS, TEMPLATE_METHODS, TEMPLATE_PRESETS } from './ticket-template';

const NULLABLE_INSTANT = { ...INSTANT, type: ['string', 'null'] };

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
/** Where a delivery stands, with every attempt: the same for webhooks and team notifications. */
const DELIVERY_STATE = {
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
};

/** A list of deliveries: what each is (`properties`), then where it stands. */
export function deliveriesOf(properties: Record<string, JsonSchema>): JsonSchema {
  return listOf({
    type: 'object',
    required: [...Object.keys(properties), ...Object.keys(DELIVERY_STATE)],
    additionalProperties: false,
    properties: { ...properties, ...DELIVERY_STATE },
  });
}

export const DELIVERIES = deliveriesOf({
  id: { type: 'string' },
  eventType: { type: 'string' },
  eventId: { type: 'string' },
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
