/**
 * Outbox records of `cx.invitation.status.v1`, for listen and collect alike. The event id is
 * derived from tenant, invitation and status, so a status published twice is one event to
 * every consumer that deduplicates on `ce_id`.
 */
import { createHash } from 'node:crypto';
import { createEvent, partitionKey, Topic, type InvitationStatusV1 } from '@continuum/contracts';
import { outboxRecord, type OutboxRecord } from './outbox';

export function invitationStatusId(tenantId: string, invitationId: string, status: string): string {
  const h = createHash('sha256').update(`${tenantId}\u0000${invitationId}\u0000${status}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function invitationStatusRecords(
  source: string,
  statuses: readonly InvitationStatusV1[],
): OutboxRecord[] {
  return statuses.map((data) =>
    outboxRecord(
      Topic.InvitationStatus,
      partitionKey(data.tenantId, data.invitationId),
      createEvent({
        id: invitationStatusId(data.tenantId, data.invitationId, data.status),
        type: Topic.InvitationStatus,
        source,
        tenantId: data.tenantId,
        subject: data.invitationId,
        time: new Date(data.at),
        data,
      }),
    ),
  );
}
