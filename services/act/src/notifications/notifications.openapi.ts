/** OpenAPI schemas and examples of team channels and notifications. */
import { INSTANT } from '@continuum/contracts';
import { listOf, type JsonSchema } from '@continuum/platform';
import { CHANNEL_KINDS, NOTIFY_EVENTS } from './channels.dto';

const NULLABLE_INSTANT = { ...INSTANT, type: ['string', 'null'] };

export const CHANNELS_BODY: JsonSchema = {
  type: 'object',
  required: ['channels'],
  additionalProperties: false,
  properties: {
    channels: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        properties: {
          kind: { enum: [...CHANNEL_KINDS] },
          to: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: { type: 'string', format: 'email' },
            description: 'E-mail only: the addresses written to (through ACT_SMTP_URL).',
          },
          url: {
            type: 'string',
            maxLength: 2000,
            description:
              'Slack incoming webhook or Teams workflow webhook URL (http(s), public addresses only); stored sealed, never read back.',
          },
          events: {
            type: 'array',
            minItems: 1,
            items: { enum: [...NOTIFY_EVENTS] },
            description: 'Default: all.',
          },
          slaLeadMinutes: {
            type: 'integer',
            minimum: 1,
            maximum: 10080,
            description: 'How long before the due time `action.sla-warning` is sent (default 60).',
          },
        },
      },
    },
  },
};

const CHANNEL_VIEW: JsonSchema = {
  type: 'object',
  required: ['id', 'kind', 'events', 'slaLeadMinutes', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { enum: [...CHANNEL_KINDS] },
    to: { type: 'array', items: { type: 'string' } },
    url: { type: 'string', description: "The webhook URL's origin only." },
    events: { type: 'array', items: { enum: [...NOTIFY_EVENTS] } },
    slaLeadMinutes: { type: 'integer' },
    createdAt: INSTANT,
  },
};

export const CHANNELS_VIEW: JsonSchema = {
  type: 'object',
  required: ['team', 'channels'],
  additionalProperties: false,
  properties: { team: { type: 'string' }, channels: { type: 'array', items: CHANNEL_VIEW } },
};

export const CHANNELS_EXAMPLE = {
  team: 'payments',
  channels: [
    {
      id: '0b7f4a52-3d1e-4c55-9a61-6f2e8d9c1b01',
      kind: 'email',
      to: ['payments-ops@example.com'],
      events: [...NOTIFY_EVENTS],
      slaLeadMinutes: 60,
      createdAt: '2026-03-02T09:00:00.000Z',
    },
    {
      id: '1c8a5b63-4e2f-4d66-8b72-7a3f9e0d2c12',
      kind: 'slack',
      url: 'https://hooks.slack.com/…',
      events: ['action.opened', 'action.escalated'],
      slaLeadMinutes: 60,
      createdAt: '2026-03-02T09:00:00.000Z',
    },
  ],
};

export const NOTIFICATIONS: JsonSchema = listOf({
  type: 'object',
  required: [
    'id',
    'team',
    'channel',
    'event',
    'eventId',
    'actionId',
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
    id: { type: 'string', format: 'uuid', description: 'The delivery id, the same on every retry.' },
    team: { type: 'string' },
    channel: {
      type: 'object',
      required: ['id', 'kind'],
      additionalProperties: false,
      properties: { id: { type: 'string', format: 'uuid' }, kind: { enum: [...CHANNEL_KINDS] } },
    },
    event: { enum: [...NOTIFY_EVENTS] },
    eventId: { type: 'string' },
    actionId: { type: ['string', 'null'], format: 'uuid' },
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
          attempt: { type: 'integer' },
          at: INSTANT,
          statusCode: { type: ['integer', 'null'] },
          error: { type: ['string', 'null'] },
          durationMs: { type: 'integer' },
        },
      },
    },
  },
});

export const NOTIFICATIONS_EXAMPLE = {
  items: [
    {
      id: '2f7a3c10-8b1e-4d2a-a1c3-9e8d7f6a5b4c',
      team: 'payments',
      channel: { id: '0b7f4a52-3d1e-4c55-9a61-6f2e8d9c1b01', kind: 'email' },
      event: 'action.opened',
      eventId: '5f0c1c53-6f7b-4a7e-8d0a-2a4d9b0f1e22',
      actionId: '5b0c3e8e-4c1a-4f3e-9d61-0d4c0b8d5a11',
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastStatusCode: null,
      lastError: 'MailError: SMTP 550: mailbox unavailable: nobody@example.com',
      createdAt: '2026-03-02T09:15:01.000Z',
      deliveredAt: null,
      log: [
        {
          attempt: 1,
          at: '2026-03-02T09:15:01.250Z',
          statusCode: null,
          error: 'MailError: SMTP 550: mailbox unavailable: nobody@example.com',
          durationMs: 40,
        },
      ],
    },
  ],
};
