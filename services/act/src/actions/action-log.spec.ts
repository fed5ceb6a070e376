import {
  compositeKey,
  newSubjectKey,
  openSealed,
  type ActionChangedV1,
  type ActionView,
} from '@continuum/contracts';
import { SEALED_PLACEHOLDER, sealedForTopic } from './action-log';

const action = (over: Partial<ActionView>) =>
  ({
    id: 'a-1',
    tenantId: 't1',
    customerId: 'c-1',
    description: 'customer c-1 scored NPS 2.\nComment (redacted): Attesa infinita',
    ...over,
  }) as ActionView;

const change = (over: Partial<ActionChangedV1>): ActionChangedV1 => ({
  change: 'evidence-added',
  actor: 'continuum',
  comment: 'Comment (redacted): Fattura sbagliata',
  action: action({}),
  ...over,
});

describe(sealedForTopic.name, () => {
  const key = newSubjectKey();
  const keys = new Map([[compositeKey('t1', 'c-1'), key]]);

  it("seals an action's description and the change's comment with its customer's key", () => {
    const sut = sealedForTopic(change({}), keys);
    expect(JSON.stringify(sut)).not.toMatch(/Attesa|Fattura/);
    expect(sut.comment).toBeNull();
    expect(sut.action.description).toBe(SEALED_PLACEHOLDER);
    expect(openSealed(key, 't1', 'c-1', sut.action.sealedDescription!)).toBe(action({}).description);
    expect(openSealed(key, 't1', 'c-1', sut.sealedComment!)).toBe('Comment (redacted): Fattura sbagliata');
  });

  it('leaves a change without comment without sealedComment', () => {
    const sut = sealedForTopic(change({ comment: null }), keys);
    expect(sut).not.toHaveProperty('sealedComment');
    expect(sut.action.sealedDescription).toBeDefined();
  });

  it('leaves actions about no customer, or one without a key (no comment of theirs), as they are', () => {
    const outer = change({ action: action({ customerId: null }) });
    expect(sealedForTopic(outer, keys)).toBe(outer);
    const keyless = change({ action: action({ customerId: 'c-2' }) });
    expect(sealedForTopic(keyless, keys)).toBe(keyless);
  });
});
