import { eventProblems, Topic, type GapDetectedV1 } from '@continuum/contracts';
import { cycleProblem } from './inbound';

const gap = (): GapDetectedV1 => ({
  tenantId: 'acme',
  gapKey: 'k',
  kind: 'vs-target',
  scope: { kind: 'segment', id: 'plan=fibra' },
  indicator: 'csat/top2box-5/v1',
  cycle: { length: 'month', start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
  previous: null,
  current: 71,
  nPrevious: null,
  nCurrent: 200,
  delta: -9,
  ci: [-15, -3],
  p: 0.004,
  q: null,
  target: 80,
  stage: null,
  owner: null,
  themes: [{ theme: 'billing', share: 0.3, change: 0.1 }],
  sampleComments: [],
});

describe('inbound event checks', () => {
  // The shape is the topic's JSON Schema (decodeEvents applies it); act adds the cycle order.
  it('accepts a well-formed gap and names every problem of a broken one', () => {
    expect(eventProblems(Topic.GapsDetected, gap())).toEqual([]);
    expect(cycleProblem(gap())).toBeNull();
    expect(eventProblems(Topic.GapsDetected, { ...gap(), delta: 'a lot', themes: [{ theme: 'x' }] })).toEqual(
      [
        { field: 'delta', reason: 'delta must be a finite number' },
        { field: 'themes.0.share', reason: 'share is required' },
        { field: 'themes.0.change', reason: 'change is required' },
      ],
    );
    expect(
      cycleProblem({
        ...gap(),
        cycle: { length: 'day', start: '2026-11-23T00:00:00Z', end: '2026-11-22T00:00:00Z' },
      }),
    ).toBe('cycle: cycle.start must be before cycle.end');
    expect(eventProblems(Topic.GapsDetected, [])).toEqual([
      { field: '(body)', reason: 'the payload must be an object' },
    ]);
  });

  it('checks metrics updates the same way', () => {
    const ok = {
      tenantId: 'acme',
      scope: { kind: 'stage', id: 'buy' },
      cycle: { length: 'week', start: '2026-11-16T00:00:00Z', end: '2026-11-23T00:00:00Z' },
      indicators: [{ indicator: 'nps/v1', n: 40, value: 12.5, ci: [1, 20] }],
    };
    expect(eventProblems(Topic.MetricsUpdated, ok)).toEqual([]);
    expect(
      eventProblems(Topic.MetricsUpdated, {
        ...ok,
        scope: { kind: 'planet', id: 'x' },
        indicators: [{ indicator: 'nps/v1' }],
      }),
    ).toEqual([
      { field: 'scope.kind', reason: 'kind must be one of touchpoint, stage, channel, segment, journey' },
      { field: 'indicators.0.n', reason: 'n is required' },
      { field: 'indicators.0.value', reason: 'value is required' },
      { field: 'indicators.0.ci', reason: 'ci is required' },
    ]);
    // Verification trusts `closed`: it must be a boolean when present.
    expect(eventProblems(Topic.MetricsUpdated, { ...ok, closed: true })).toEqual([]);
    expect(eventProblems(Topic.MetricsUpdated, { ...ok, closed: 'yes' })).toEqual([
      { field: 'closed', reason: 'closed must be a boolean value' },
    ]);
  });
});
