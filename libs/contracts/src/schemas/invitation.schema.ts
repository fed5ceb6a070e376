/**
 * `cx.invitations.raw.v1`: survey invitations integrators report, counted by the contact policy.
 * DRAFT: no consumer reads this topic yet and no type fixes its payload; only what the partition
 * key already implies (tenant and customer) is required. Tighten it with the invitations DTO.
 */
import { ID, INPUT_INSTANT } from './common';

export const RAW_INVITATION_SCHEMA = {
  type: 'object',
  'x-continuum-status': 'draft: only tenantId and customerId are settled',
  required: ['tenantId', 'customerId'],
  properties: {
    tenantId: ID,
    customerId: ID,
    id: { ...ID, description: "The sender's idempotency key, unique per tenant." },
    touchpoint: ID,
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    sentAt: INPUT_INSTANT,
  },
} as const;
