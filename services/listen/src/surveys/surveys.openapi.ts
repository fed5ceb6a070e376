/** The survey routes as OpenAPI shows them. */
import { ID, INTERACTION_OUTCOMES } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';

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
