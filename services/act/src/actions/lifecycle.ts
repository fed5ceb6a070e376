/**
 * The action lifecycle: open → acknowledged → resolved → verified | reopened, and cancelled.
 * People acknowledge, resolve, reopen and cancel over HTTP; act itself verifies, reopens (the gap
 * did not close) and escalates. Pure.
 */
import type { ActionChange, ActionStatus } from '@continuum/contracts';

export type Command = 'acknowledge' | 'resolve' | 'reopen' | 'cancel';
export const COMMANDS: readonly Command[] = ['acknowledge', 'resolve', 'reopen', 'cancel'];

const FROM: Record<Command, readonly ActionStatus[]> = {
  acknowledge: ['open', 'reopened'],
  resolve: ['open', 'acknowledged', 'reopened'],
  reopen: ['resolved', 'verified'],
  cancel: ['open', 'acknowledged', 'reopened'],
};

export const TARGET: Record<Command, ActionStatus & ActionChange> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  reopen: 'reopened',
  cancel: 'cancelled',
};

export type Transition = { ok: true; to: ActionStatus & ActionChange } | { ok: false; reason: string };

export function transition(command: Command, from: ActionStatus): Transition {
  if (FROM[command].includes(from)) return { ok: true, to: TARGET[command] };
  const allowed = FROM[command].join(', ');
  const hint =
    from === 'cancelled'
      ? ' Cancelled actions stay cancelled.'
      : from === 'resolved' && command !== 'reopen'
        ? ' It is waiting for verification; reopen it to work on it again.'
        : '';
  return {
    ok: false,
    reason: `cannot ${command} an action that is ${from}: ${command} applies to actions that are ${allowed}.${hint}`,
  };
}
