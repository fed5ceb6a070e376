import { decidePolicy, evaluatePolicy, type ContactRule } from './contact-policy.rules';

const now = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (d: number, channel: string | null = 'voice') => ({
  at: new Date(now.getTime() - d * 86_400_000),
  channel,
});

describe('evaluatePolicy', () => {
  const rules: ContactRule[] = [
    { max: 2, windowDays: 30 },
    { max: 1, windowDays: 7, channel: '*' },
  ];

  it('allows a customer never contacted', () => {
    expect(evaluatePolicy(rules, [], { channel: 'voice', segment: {} }, now)).toEqual({
      allowed: true,
      until: null,
      reasons: [],
    });
  });

  it('refuses a second ask on the same channel within 7 days, until the first leaves the window', () => {
    const sut = evaluatePolicy(rules, [daysAgo(3)], { channel: 'voice', segment: {} }, now);
    expect(sut).toEqual({
      allowed: false,
      until: '2026-11-27T12:00:00.000Z',
      reasons: ['1 survey contact(s) on voice in the last 7 day(s); the limit is 1'],
    });
    expect(evaluatePolicy(rules, [daysAgo(3)], { channel: 'email', segment: {} }, now).allowed).toBe(true);
  });

  it('caps contacts overall and answers with the latest of the blocking rules', () => {
    const sut = evaluatePolicy(
      rules,
      [daysAgo(20, 'email'), daysAgo(2, 'voice')],
      { channel: 'voice', segment: {} },
      now,
    );
    // Overall: 2 in 30 days, free when the 2nd most recent (20 days ago) leaves: in 10 days. Voice: free in 5.
    expect(sut.allowed).toBe(false);
    expect(sut.until).toBe('2026-12-03T12:00:00.000Z');
    expect(sut.reasons).toHaveLength(2);
  });

  it('applies segment rules only to that segment, and ignores contacts outside the window', () => {
    const vip: ContactRule[] = [{ max: 1, windowDays: 60, segment: { plan: 'business' } }];
    expect(
      evaluatePolicy(vip, [daysAgo(40)], { channel: 'voice', segment: { plan: 'business' } }, now).allowed,
    ).toBe(false);
    expect(
      evaluatePolicy(vip, [daysAgo(40)], { channel: 'voice', segment: { plan: 'consumer' } }, now).allowed,
    ).toBe(true);
    expect(
      evaluatePolicy(vip, [daysAgo(61)], { channel: 'voice', segment: { plan: 'business' } }, now).allowed,
    ).toBe(true);
  });
});

describe('decidePolicy', () => {
  it('names the kind of each blocking rule, in rule order', () => {
    const rules: ContactRule[] = [
      { max: 1, windowDays: 30, segment: { plan: 'business' } },
      { max: 1, windowDays: 7, channel: 'email' },
      { max: 1, windowDays: 30 },
    ];
    const sut = decidePolicy(
      rules,
      [daysAgo(1, 'email')],
      { channel: 'email', segment: { plan: 'business' } },
      now,
    );
    expect(sut.codes).toEqual(['policy:segment', 'policy:channel', 'policy:overall']);
    expect(decidePolicy(rules, [], { channel: 'email', segment: {} }, now).codes).toEqual([]);
  });
});
