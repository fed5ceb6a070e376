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

/** A body of one list: 1 to MAX_IDS ids. */
const idsBody = (name: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: [name],
  properties: { [name]: { type: 'array', minItems: 1, maxItems: MAX_IDS, items: ID } },
});

/** Each id asked for with what it maps to, in the order asked. */
const pairs = (asked: string, answered: string, answeredSchema: JsonSchema): JsonSchema => ({
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
        required: [asked, answered],
        properties: { [asked]: ID, [answered]: answeredSchema },
      },
    },
  },
});

export const RESOLVE_BODY = idsBody('pseudonyms');
export const RESOLVE_EXAMPLE = { pseudonyms: ['psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p'] };

export const RESOLVED = pairs('pseudonym', 'customerId', {
  type: ['string', 'null'],
  description: "The customer's id; null when the pseudonym is not the tenant's, or the customer was erased.",
});
export const RESOLVED_EXAMPLE = {
  customers: [{ pseudonym: 'psn_3q2-7wAbC1dEf2gHi3jKl4mNo5p', customerId: 'crm-48213' }],
};

export const PSEUDONYMISE_BODY = idsBody('customerIds');
export const PSEUDONYMISE_EXAMPLE = { customerIds: ['crm-48213'] };

export const PSEUDONYMISED = pairs('customerId', 'pseudonym', PSEUDONYM);
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
