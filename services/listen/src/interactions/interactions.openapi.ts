/** The request and answer schemas of the interaction routes, as OpenAPI shows them. */
import { INTERACTION_RECORDED_SCHEMA, RAW_INTERACTION_SCHEMA } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { asPublic, withoutTenant } from '../openapi';

export const INTERACTION_BODY = withoutTenant(RAW_INTERACTION_SCHEMA);
export const INTERACTION_EXAMPLE = {
  id: 'call-42',
  customerId: 'c-7',
  touchpoint: 'agent-call',
  channel: 'voice',
  queue: 'billing',
  outcome: 'handled',
  startedAt: '2026-03-02T09:00:00Z',
  endedAt: '2026-03-02T09:07:30Z',
  waitSeconds: 95,
  handleSeconds: 360,
  transfers: 0,
  resolved: true,
};
export const INTERACTION_VIEW: JsonSchema = (() => {
  const s = asPublic(INTERACTION_RECORDED_SCHEMA, 'interactionId') as {
    properties: Record<string, unknown>;
    required: string[];
  };
  s.properties.revision = {
    type: 'integer',
    minimum: 0,
    description: 'How many times its derived signals were revised.',
  };
  s.required.push('revision');
  return s;
})();
export const INTERACTION_VIEW_EXAMPLE = {
  id: 'call-42',
  customerId: 'c-7',
  touchpoint: 'agent-call',
  stage: 'support',
  owner: 'customer-care',
  channel: 'voice',
  queue: 'billing',
  agentId: null,
  outcome: 'handled',
  startedAt: '2026-03-02T09:00:00.000Z',
  endedAt: '2026-03-02T09:07:30.000Z',
  waitSeconds: 95,
  holdSeconds: null,
  handleSeconds: 360,
  transfers: 0,
  resolved: true,
  repeatContact: false,
  firstContactResolution: true,
  flags: [],
  repeatWindowDays: 7,
  repeatWindowEndsAt: '2026-03-09T09:00:00.000Z',
  receivedAt: '2026-03-02T09:08:00.120Z',
  revision: 0,
};

export const INTERACTION_SETTINGS: JsonSchema = {
  type: 'object',
  required: ['repeatContactWindowDays'],
  additionalProperties: false,
  properties: {
    repeatContactWindowDays: {
      type: 'integer',
      minimum: 1,
      maximum: 90,
      description: "Days within which a customer's next contact counts as a repeat contact.",
    },
  },
};
