/** `cx.invitations.raw.v1`: survey invitations, checked against the contact policy. */
import type { RawInvitationDto } from '../dto/invitation.dto';
import { SURVEY_LANGUAGES } from '../dto/invitation.dto';
import { ID, INPUT_INSTANT } from './common';
import { SEGMENT } from './feedback.schema';
import type { Expect, SchemaMatches } from './check';

export const RAW_INVITATION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'id', 'customerId'],
  properties: {
    tenantId: ID,
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    customerId: ID,
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    touchpoint: ID,
    sentAt: {
      ...INPUT_INSTANT,
      description: 'When the invitation was sent; defaults to when listen received it.',
    },
    segment: SEGMENT,
    address: {
      type: 'string',
      maxLength: 254,
      description:
        'Continuum sends the invitation to this address: an e-mail address with `channel: email`, an E.164 phone number (`+393471234567`) with `channel: sms`.',
    },
    language: { type: 'string', enum: SURVEY_LANGUAGES, description: 'The language of the invitation.' },
    survey: { ...ID, description: "The survey to send; default: the tenant's survey for the touchpoint." },
  },
} as const;

export type InvitationSchemaChecks = [
  Expect<SchemaMatches<typeof RAW_INVITATION_SCHEMA, Omit<RawInvitationDto, 'problems'>>>,
];
