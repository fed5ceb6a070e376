/**
 * The inner loop feeding the outer one: when follow-ups of one stage resolved with one root
 * cause within one cycle reach the playbook's threshold, one systemic action for the stage's
 * owner is opened with the follow-ups as evidence. Pure: builds the action.
 */
import { randomUUID } from 'node:crypto';
import type { ActionView, Cycle } from '@continuum/contracts';
import { actionFrom, type Vars } from '../playbooks/playbook.rules';
import type { Playbook, RootCause } from '../playbooks/playbook.model';

export interface FollowupEvidence {
  readonly id: string;
  readonly title: string;
  readonly customerId: string | null;
  readonly touchpoint: string | null;
  readonly stageOwner: string | null;
  readonly resolvedAt: string;
}

export function systemicDedupKey(stage: string, rootCause: string): string {
  return `systemic:${stage}:${rootCause}`;
}

/** The most frequent owner among the follow-ups (ties: alphabetical), or null. */
export function commonOwner(followups: readonly FollowupEvidence[]): string | null {
  const counts = new Map<string, number>();
  for (const f of followups) if (f.stageOwner) counts.set(f.stageOwner, (counts.get(f.stageOwner) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best ? best[0] : null;
}

export function systemicAction(
  input: {
    tenantId: string;
    stage: string;
    cause: RootCause;
    cycle: Cycle;
    followups: readonly FollowupEvidence[];
    sourceEventId: string;
  },
  playbook: Playbook,
  version: number,
  now: Date,
  makeId: () => string = randomUUID,
): ActionView {
  const rc = playbook.rootCauses;
  const { stage, cause, cycle, followups } = input;
  const evidence = [
    `${followups.length} follow-ups at stage ${stage} were resolved with root cause "${cause.label}" (${cause.id}) in the ${rc.cycle} ${cycle.start} – ${cycle.end} (threshold ${rc.threshold}):`,
    ...followups.map(
      (f) =>
        `- ${f.id}: ${f.title}${f.customerId ? ` (customer ${f.customerId})` : ''}${f.touchpoint ? ` at ${f.touchpoint}` : ''}, resolved ${f.resolvedAt}`,
    ),
  ].join('\n');
  const vars: Vars = {
    evidence,
    stage,
    rootCause: cause.id,
    rootCauseLabel: cause.label,
    count: followups.length,
    threshold: rc.threshold,
    cycleStart: cycle.start,
    cycleEnd: cycle.end,
    followups: followups.map((f) => f.id).join(', '),
  };
  return actionFrom(
    { ...rc.action, category: rc.action.category ?? cause.category },
    `systemic:${cause.id}`,
    vars,
    commonOwner(followups),
    {
      tenantId: input.tenantId,
      dedupKey: systemicDedupKey(stage, cause.id),
      loop: 'outer',
      stage,
      touchpoint: null,
      customerId: null,
      sourceEventId: input.sourceEventId,
      gapKey: null,
      indicator: null,
      scope: { kind: 'stage', id: stage },
    },
    { playbook, version, now, makeId },
  );
}
