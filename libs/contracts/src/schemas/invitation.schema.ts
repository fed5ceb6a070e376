/** `cx.invitations.raw.v1`: survey invitations integrators report, counted by the contact policy. */
import type { RawInvitationDto } from '../dto/invitation.dto';
import { ID, INPUT_INSTANT } from './common';
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
  },
} as const;

export type InvitationSchemaChecks = [Expect<SchemaMatches<typeof RAW_INVITATION_SCHEMA, RawInvitationDto>>];
