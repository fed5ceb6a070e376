/** The request and answer schemas of the pseudonym routes, as OpenAPI shows them. */
import { ID } from '@continuum/contracts';
import type { JsonSchema } from '@continuum/platform';
import { TOPIC_ID_MODES } from './pseudonym';

export const MAX_IDS = 1000;

const PSEUDONYM: JsonSchema = {
  type: 'string',
  pattern: '^psn_[A-Za-z0-9_-]{27}$',
  description: "A customer id as the tenant's events carry it: `psn_` and a keyed hash (HMAC-SHA256).",
};

export const RESOLVE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pseudonyms'],
  properties: {
    pseudonyms: { type: 'array', minItems: 1, maxItems: MAX_IDS, items: ID },
  },
};
export const RESOLVE_EXAMPLE = { pseudonyms: ['psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p'] };

export const RESOLVED: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customers'],
  properties: {
    customers: {
      type: 'array',
      description: 'In the order asked.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['pseudonym', 'customerId'],
        properties: {
          pseudonym: ID,
          customerId: {
            type: ['string', 'null'],
            description:
              "The customer's id; null when the pseudonym is not the tenant's, or the customer was erased.",
          },
        },
      },
    },
  },
};
export const RESOLVED_EXAMPLE = {
  customers: [{ pseudonym: 'psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p', customerId: 'crm-48213' }],
};

export const PSEUDONYMISE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerIds'],
  properties: {
    customerIds: { type: 'array', minItems: 1, maxItems: MAX_IDS, items: ID },
  },
};
export const PSEUDONYMISE_EXAMPLE = { customerIds: ['crm-48213'] };

export const PSEUDONYMISED: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customers'],
  properties: {
    customers: {
      type: 'array',
      description: 'In the order asked.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['customerId', 'pseudonym'],
        properties: { customerId: ID, pseudonym: PSEUDONYM },
      },
    },
  },
};
export const PSEUDONYMISED_EXAMPLE = {
  customers: [{ customerId: 'crm-48213', pseudonym: 'psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p' }],
};

export const TOPIC_IDS: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerIdsOnTopics'],
  properties: {
    customerIdsOnTopics: {
      enum: [...TOPIC_ID_MODES],
      description:
        "`pseudonymised` (the default): events name customers by pseudonym. `raw`: by the tenant's own ids, for integrators who join topics with their CRM; an erasure then reaches the log only once each topic's retention has passed (docs/privacy.md).",
    },
  },
};
export const TOPIC_IDS_EXAMPLE = { customerIdsOnTopics: 'pseudonymised' };
