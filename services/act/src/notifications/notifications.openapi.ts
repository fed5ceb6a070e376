/** OpenAPI schemas and examples of team channels and notifications. */
import { INSTANT } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { deliveriesOf } from '../webhooks/webhooks.openapi';
import { CHANNEL_KINDS, CHANNEL_MODES, NOTIFY_EVENTS } from './channels.dto';
import { WEEKDAYS } from './digest-schedule';

const HH_MM: JsonSchema = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };

const DIGEST_SCHEDULE: JsonSchema = {
  type: 'object',
  required: ['every', 'at'],
  additionalProperties: false,
  description: "When a digest goes out, in the journey's time zone.",
  properties: {
    every: { enum: ['day', 'week'] },
    at: { ...HH_MM, description: 'Local time of day, `HH:MM`.' },
    weekday: { enum: [...WEEKDAYS], description: 'Weekly digests only (default monday).' },
  },
};

const QUIET_HOURS: JsonSchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  description:
    "Local hours (the journey's time zone, possibly across midnight) in which nothing is sent to the channel: what falls due in them waits for their end.",
  properties: { from: HH_MM, to: HH_MM },
};

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
          mode: {
            enum: [...CHANNEL_MODES],
            description:
              '`immediate` (default): a message per event. `digest`: one message a day or a week listing the open, overdue and newly verified actions, instead (it takes no `events`).',
          },
          digest: { ...DIGEST_SCHEDULE, description: 'Required in digest mode, refused otherwise.' },
          quietHours: QUIET_HOURS,
        },
      },
    },
  },
};

const CHANNEL_VIEW: JsonSchema = {
  type: 'object',
  required: ['id', 'kind', 'events', 'slaLeadMinutes', 'mode', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { enum: [...CHANNEL_KINDS] },
    to: { type: 'array', items: { type: 'string' } },
    url: { type: 'string', description: "The webhook URL's origin only." },
    events: { type: 'array', items: { enum: [...NOTIFY_EVENTS] }, description: 'Empty in digest mode.' },
    slaLeadMinutes: { type: 'integer' },
    mode: { enum: [...CHANNEL_MODES] },
    digest: DIGEST_SCHEDULE,
    quietHours: QUIET_HOURS,
    createdAt: INSTANT,
  },
};

export const CHANNELS_VIEW: JsonSchema = {
  type: 'object',
  required: ['team', 'timeZone', 'channels'],
  additionalProperties: false,
  properties: {
    team: { type: 'string' },
    timeZone: {
      type: 'string',
      description:
        "The journey's time zone (UTC until a journey names one): digests and quiet hours are its local times.",
    },
    channels: { type: 'array', items: CHANNEL_VIEW },
  },
};

export const CHANNEL_TEST_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    channelId: {
      type: 'string',
      format: 'uuid',
      description: "Only this channel (default: all the team's).",
    },
  },
};

export const DIGEST_RUN: JsonSchema = {
  type: 'object',
  required: ['team', 'items'],
  additionalProperties: false,
  properties: {
    team: { type: 'string' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['channelId', 'kind', 'period', 'timeZone', 'deliveryId', 'written', 'sendAt'],
        additionalProperties: false,
        properties: {
          channelId: { type: 'string', format: 'uuid' },
          kind: { enum: [...CHANNEL_KINDS] },
          period: {
            type: 'string',
            pattern: '^(day|week):\\d{4}-\\d{2}-\\d{2}$',
            description:
              "The local day (or the week's first day) the digest is for: one digest per channel and period.",
          },
          timeZone: { type: 'string' },
          deliveryId: { type: 'string', format: 'uuid', description: 'In GET /v1/notifications.' },
          written: {
            type: 'boolean',
            description: "False when the period's digest existed already: nothing more is sent.",
          },
          sendAt: {
            ...INSTANT,
            type: ['string', 'null'],
            description:
              'When a digest written now goes out (after the quiet hours, if in them); null when not written.',
          },
        },
      },
    },
  },
};

export const DIGEST_RUN_EXAMPLE = {
  team: 'payments',
  items: [
    {
      channelId: '2d9b6c74-5f30-4e77-9c83-8b4a0f1e3d23',
      kind: 'email',
      period: 'day:2026-03-02',
      timeZone: 'Europe/Rome',
      deliveryId: '3e0c7d85-6a41-4f88-8d94-9c5b1a2f4e34',
      written: true,
      sendAt: '2026-03-02T07:00:00.000Z',
    },
  ],
};

export const CHANNELS_EXAMPLE = {
  team: 'payments',
  timeZone: 'Europe/Rome',
  channels: [
    {
      id: '0b7f4a52-3d1e-4c55-9a61-6f2e8d9c1b01',
      kind: 'email',
      to: ['payments-ops@example.com'],
      events: [...NOTIFY_EVENTS],
      slaLeadMinutes: 60,
      mode: 'immediate',
      createdAt: '2026-03-02T09:00:00.000Z',
    },
    {
      id: '1c8a5b63-4e2f-4d66-8b72-7a3f9e0d2c12',
      kind: 'slack',
      url: 'https://hooks.slack.com/…',
      events: ['action.opened', 'action.escalated'],
      slaLeadMinutes: 60,
      mode: 'immediate',
      quietHours: { from: '20:00', to: '07:00' },
      createdAt: '2026-03-02T09:00:00.000Z',
    },
    {
      id: '2d9b6c74-5f30-4e77-9c83-8b4a0f1e3d23',
      kind: 'email',
      to: ['payments-lead@example.com'],
      events: [],
      slaLeadMinutes: 60,
      mode: 'digest',
      digest: { every: 'day', at: '08:00' },
      createdAt: '2026-03-02T09:00:00.000Z',
    },
  ],
};

export const NOTIFICATIONS = deliveriesOf({
  id: { type: 'string', format: 'uuid', description: 'The delivery id, the same on every retry.' },
  team: { type: 'string' },
  channel: {
    type: 'object',
    required: ['id', 'kind'],
    additionalProperties: false,
    properties: { id: { type: 'string', format: 'uuid' }, kind: { enum: [...CHANNEL_KINDS] } },
  },
  event: {
    enum: [...NOTIFY_EVENTS, 'team.digest', 'team.test'],
    description: '`team.digest`: a digest (`eventId` `digest:<period>`); `team.test`: a test message.',
  },
  eventId: { type: 'string' },
  actionId: {
    type: ['string', 'null'],
    format: 'uuid',
    description: 'Null for digests and test messages.',
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

export const TEST_NOTIFICATIONS_EXAMPLE = {
  items: [
    {
      id: '4f1d8e96-7b52-4a99-9ea5-0d6c2b3f5a45',
      team: 'payments',
      channel: { id: '1c8a5b63-4e2f-4d66-8b72-7a3f9e0d2c12', kind: 'slack' },
      event: 'team.test',
      eventId: 'test:5a2e9fa7-8c63-4baa-8fb6-1e7d3c4a6b56',
      actionId: null,
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastStatusCode: 200,
      lastError: null,
      createdAt: '2026-03-02T09:20:00.000Z',
      deliveredAt: '2026-03-02T09:20:00.310Z',
      log: [{ attempt: 1, at: '2026-03-02T09:20:00.300Z', statusCode: 200, error: null, durationMs: 290 }],
    },
  ],
};
