/**
 * The built-in inner-loop rule until tenant playbooks exist: a detractor (NPS 0–6) gets a
 * follow-up action owned by the touchpoint's team. Pure: no I/O, so it is unit-tested alone.
 */
import { randomUUID } from 'node:crypto';
import type { ActionPriority, ActionView, CloudEvent, FeedbackRecordedV1, Topic } from '@continuum/contracts';

export const DEFAULT_FOLLOWUP_OWNER = 'customer-care';
const SLA_HOURS: Record<ActionPriority, number> = { critical: 4, high: 24, medium: 48, low: 120 };

export function isDetractor(f: FeedbackRecordedV1): boolean {
  return f.nps !== null && f.nps <= 6;
}

export function followupDedupKey(f: FeedbackRecordedV1): string {
  return f.customerId ? `followup:customer:${f.customerId}` : `followup:feedback:${f.feedbackId}`;
}

export function followupAction(
  e: CloudEvent<Topic.FeedbackRecorded>,
  now: Date,
  makeId: () => string = randomUUID,
): ActionView {
  const f = e.data;
  const priority: ActionPriority = f.nps !== null && f.nps <= 3 ? 'high' : 'medium';
  const slaHours = SLA_HOURS[priority];
  const who = f.customerId ? `customer ${f.customerId}` : `feedback ${f.feedbackId}`;
  const title = f.consentToContact
    ? `Call back detractor (NPS ${f.nps}) at ${f.touchpoint}`
    : `Review detractor feedback (NPS ${f.nps}) at ${f.touchpoint} — no consent to contact`;
  const lines = [
    `${who} scored NPS ${f.nps} at touchpoint ${f.touchpoint}${f.stage ? ` (stage ${f.stage})` : ''} on ${f.occurredAt}.`,
    f.comment ? `Comment (redacted): ${f.comment}` : 'No comment.',
    f.themes.length ? `Themes: ${f.themes.join(', ')}.` : '',
    f.consentToContact
      ? 'The customer agreed to be contacted.'
      : 'The customer did not agree to be contacted: do not call.',
  ].filter((l) => l !== '');
  return {
    id: makeId(),
    tenantId: f.tenantId,
    dedupKey: followupDedupKey(f),
    loop: 'inner',
    title,
    description: lines.join('\n'),
    status: 'open',
    owner: f.owner ?? DEFAULT_FOLLOWUP_OWNER,
    category: 'customer-follow-up',
    priority,
    stage: f.stage,
    touchpoint: f.touchpoint,
    customerId: f.customerId,
    sourceEventId: e.id,
    slaHours,
    dueAt: new Date(now.getTime() + slaHours * 3600_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
