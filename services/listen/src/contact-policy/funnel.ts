/**
 * listen's part of the response funnel (`cx.invitation.status.v1`): every invitation judged is
 * `invited`, then `skipped` with its reason or, for those Continuum sends, `delivered`, `bounced`
 * or `failed`. Published through the outbox in the transaction that records the fact.
 */
import type { EntityManager } from 'typeorm';
import type { InvitationStatus, InvitationStatusV1 } from '@continuum/contracts';
import { enqueueOutbox, invitationStatusRecords } from '@continuum/persistence';
import type { NewSkip } from './contact-policy.repository';

const LISTEN_SOURCE = '/continuum/listen';

export interface StatusOf {
  readonly tenantId: string;
  readonly invitationId: string;
  readonly touchpoint: string | null;
  readonly channel: string | null;
  readonly invitedAt: string;
}

export function statusOf(
  inv: StatusOf,
  status: InvitationStatus,
  at: string,
  reason: string | null = null,
): InvitationStatusV1 {
  return { ...inv, status, at, reason };
}

/** A skip is an invitation considered (`invited`) and kept back (`skipped`, with its reason). */
export function skipStatuses(skips: readonly NewSkip[]): InvitationStatusV1[] {
  return skips.flatMap((s) => {
    const inv = {
      tenantId: s.tenantId,
      invitationId: s.id,
      touchpoint: s.touchpoint,
      channel: s.channel,
      invitedAt: s.at,
    };
    return [statusOf(inv, 'invited', s.at), statusOf(inv, 'skipped', s.at, s.reason)];
  });
}

export async function publishStatuses(
  m: EntityManager,
  statuses: readonly InvitationStatusV1[],
): Promise<void> {
  await enqueueOutbox(m, 'listen', invitationStatusRecords(LISTEN_SOURCE, statuses));
}
