/** `cx.invitations.raw.v1`: survey invitations, checked against the contact policy. */
import type { RawInvitationDto } from '../dto/invitation.dto';
import { SURVEY_LANGUAGES } from '../dto/invitation.dto';
import { INVITATION_STATUSES, type ContactOptedOutV1, type InvitationStatusV1 } from '../events';
import { ID, INPUT_INSTANT, INSTANT, TOPIC_CUSTOMER_ID } from './common';
import { INPUT_SEGMENT } from './feedback.schema';
import { nullable, orNull, type Expect, type NullableOptional, type SchemaMatches } from './check';

export const RAW_INVITATION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'id', 'customerId'],
  properties: {
    tenantId: ID,
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    customerId: ID,
    channel: orNull({ type: 'string', minLength: 1, maxLength: 64 }),
    touchpoint: orNull(ID),
    sentAt: orNull({
      ...INPUT_INSTANT,
      description: 'When the invitation was sent; defaults to when listen received it.',
    }),
    segment: INPUT_SEGMENT,
    address: orNull({
      type: 'string',
      maxLength: 254,
      description:
        'Continuum sends the invitation to this address: an e-mail address with `channel: email`, an E.164 phone number (`+393471234567`) with `channel: sms`.',
    }),
    language: orNull({
      type: 'string',
      enum: SURVEY_LANGUAGES,
      description: 'The language of the invitation.',
    }),
    survey: orNull({
      ...ID,
      description: "The survey to send; default: the tenant's survey for the touchpoint.",
    }),
  },
} as const;

export type InvitationSchemaChecks = [
  Expect<SchemaMatches<typeof RAW_INVITATION_SCHEMA, NullableOptional<Omit<RawInvitationDto, 'problems'>>>>,
];

/** `cx.invitation.status.v1`: one stage of the response funnel of one invitation. */
export const INVITATION_STATUS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'invitationId', 'status', 'touchpoint', 'channel', 'invitedAt', 'at', 'reason'],
  properties: {
    tenantId: ID,
    invitationId: { ...ID, description: "The invitation's id (the sender's idempotency key)." },
    status: { enum: INVITATION_STATUSES },
    touchpoint: nullable({ type: 'string' }),
    channel: nullable({ type: 'string' }),
    invitedAt: {
      ...INSTANT,
      description: "When the invitation was judged: all its statuses count in this instant's cycle.",
    },
    at: { ...INSTANT, description: 'When this status happened.' },
    reason: nullable({
      type: 'string',
      description:
        'Why it was skipped (`policy:*`, `opt-out`, `consent`, `no-address`, `sampling`); null otherwise.',
    }),
  },
} as const;

/** `cx.contact.opted-out.v1`: a customer opted out of being contacted. */
export const CONTACT_OPTED_OUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenantId', 'customerId', 'source', 'at'],
  properties: {
    tenantId: ID,
    customerId: TOPIC_CUSTOMER_ID,
    source: { type: 'string', description: 'Where the customer opted out, e.g. `loop-message`.' },
    at: INSTANT,
  },
} as const;

export type InvitationStatusSchemaChecks = [
  Expect<SchemaMatches<typeof INVITATION_STATUS_SCHEMA, InvitationStatusV1>>,
  Expect<SchemaMatches<typeof CONTACT_OPTED_OUT_SCHEMA, ContactOptedOutV1>>,
];
