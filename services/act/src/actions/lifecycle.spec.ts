import { COMMANDS, transition } from './lifecycle';

describe('action lifecycle', () => {
  it('moves open → acknowledged → resolved, and resolved or verified back to reopened', () => {
    expect(transition('acknowledge', 'open')).toEqual({ ok: true, to: 'acknowledged' });
    expect(transition('resolve', 'acknowledged')).toEqual({ ok: true, to: 'resolved' });
    expect(transition('resolve', 'open')).toEqual({ ok: true, to: 'resolved' });
    expect(transition('reopen', 'resolved')).toEqual({ ok: true, to: 'reopened' });
    expect(transition('reopen', 'verified')).toEqual({ ok: true, to: 'reopened' });
    expect(transition('acknowledge', 'reopened')).toEqual({ ok: true, to: 'acknowledged' });
    expect(transition('cancel', 'acknowledged')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses every other move with a reason naming the command, the status and what is allowed', () => {
    const sut = transition('acknowledge', 'resolved');
    expect(sut).toEqual({
      ok: false,
      reason:
        'cannot acknowledge an action that is resolved: acknowledge applies to actions that are open, reopened. It is waiting for verification; reopen it to work on it again.',
    });
    for (const c of COMMANDS) expect(transition(c, 'cancelled').ok).toBe(false);
    expect(transition('reopen', 'open').ok).toBe(false);
    expect(transition('cancel', 'verified').ok).toBe(false);
  });
});
