import { validatePayload, JourneyDto } from '@continuum/contracts';
import { JourneyIndex, journeyProblems, resolveIndicator, toJourneyV1 } from './journey';

const base = {
  stages: [
    { id: 'buy', name: 'Buy', owner: 'e-commerce' },
    { id: 'support', name: 'Support', owner: 'customer-care' },
  ],
  touchpoints: [
    { id: 'checkout', name: 'Checkout', stage: 'buy', channel: 'web' },
    { id: 'ivr', name: 'IVR', stage: 'support', channel: 'voice', owner: 'contact-centre' },
  ],
  teams: [
    { name: 'e-commerce' },
    { name: 'customer-care', contact: 'care@example.com' },
    { name: 'contact-centre' },
  ],
  targets: [
    { scope: { kind: 'journey', id: '*' }, indicator: 'nps', op: '>=', value: 30 },
    { scope: { kind: 'touchpoint', id: 'ivr' }, indicator: 'abandonment', op: '<=', value: 8 },
  ],
  cycle: 'week',
  timeZone: 'Europe/Rome',
};

function problems(body: unknown) {
  const v = validatePayload(JourneyDto, body);
  if (!v.ok) return v.problems;
  return journeyProblems(v.value);
}

describe('journey validation', () => {
  it('accepts a consistent map and publishes it with owners and canonical indicators', () => {
    expect(problems(base)).toEqual([]);
    const v = validatePayload(JourneyDto, base);
    const sut = toJourneyV1('acme', 3, v.ok ? v.value : (undefined as never));
    expect(sut.touchpoints).toEqual([
      { id: 'checkout', name: 'Checkout', stage: 'buy', channel: 'web', owner: 'e-commerce' },
      { id: 'ivr', name: 'IVR', stage: 'support', channel: 'voice', owner: 'contact-centre' },
    ]);
    expect(sut.targets.map((t) => t.indicator)).toEqual(['nps/v1', 'abandonment/rate/v1']);
    expect(sut).toMatchObject({
      tenantId: 'acme',
      version: 3,
      cycle: 'week',
      timeZone: 'Europe/Rome',
      repeatContactWindowDays: 7,
    });
  });

  it('names unknown stages, duplicates, strangers as owners and impossible targets', () => {
    const bad = {
      ...base,
      stages: [...base.stages, { id: 'buy', name: 'Again' }],
      touchpoints: [...base.touchpoints, { id: 'chat', name: 'Chat', stage: 'renew', owner: 'nobody' }],
      targets: [
        { scope: { kind: 'journey', id: '*' }, indicator: 'nps', op: '>=', value: 150 },
        { scope: { kind: 'touchpoint', id: 'fax' }, indicator: 'csat', op: '>=', value: 80 },
        { scope: { kind: 'journey', id: '*' }, indicator: 'happiness', op: '>=', value: 1 },
      ],
      timeZone: 'Mars/Olympus',
    };
    expect(problems(bad)).toEqual([
      { field: 'stages', reason: 'stage id "buy" appears more than once' },
      { field: 'touchpoints.2.stage', reason: 'touchpoint "chat" names unknown stage "renew"' },
      { field: 'touchpoints.2.owner', reason: 'owner "nobody" is not one of the teams' },
      {
        field: 'targets.0.value',
        reason: 'nps/v1 takes values from -100 to 100; a target of 150 can never be met or missed',
      },
      { field: 'targets.1.scope.id', reason: 'unknown touchpoint "fax"' },
      {
        field: 'targets.2.indicator',
        reason: expect.stringContaining('unknown indicator "happiness"'),
      },
      {
        field: 'timeZone',
        reason: 'unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Rome)',
      },
    ]);
  });

  it('checks shapes first: a journey needs stages and touchpoints as arrays', () => {
    expect(
      problems({ stages: [], touchpoints: 'x' })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['stages', 'touchpoints']);
  });

  it('resolves short indicator names and definition ids', () => {
    expect(resolveIndicator('CSAT')).toBe('csat/top2box-5/v1');
    expect(resolveIndicator('ces/mean-7/v1')).toBe('ces/mean-7/v1');
    expect(resolveIndicator('nope')).toBeNull();
  });

  it('locates touchpoints and flags unknown ones', () => {
    const v = validatePayload(JourneyDto, base);
    const sut = new JourneyIndex(toJourneyV1('acme', 1, v.ok ? v.value : (undefined as never)));
    expect(sut.locate('ivr')).toEqual({
      stage: 'support',
      owner: 'contact-centre',
      channel: 'voice',
      known: true,
    });
    expect(sut.locate('fax')).toEqual({ stage: null, owner: null, channel: null, known: false });
  });
});
