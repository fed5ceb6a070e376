/** The contact-policy routes as OpenAPI shows them. */
import { ID, INSTANT } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { withDefault } from '../openapi';

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
