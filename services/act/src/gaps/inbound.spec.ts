import type { GapDetectedV1 } from '@continuum/contracts';
import { gapProblems, metricsProblems } from './inbound';

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
  it('accepts a well-formed gap and names every problem of a broken one', () => {
    expect(gapProblems(gap(), 'acme')).toBeNull();
    expect(
      gapProblems({ ...gap(), tenantId: 'other', delta: 'a lot', themes: [{ theme: 'x' }] }, 'acme'),
    ).toBe(
      'tenantId must equal the ce_tenantid header; delta must be a number; themes must be a list of { theme, share, change }',
    );
    expect(
      gapProblems(
        { ...gap(), cycle: { length: 'day', start: '2026-11-23T00:00:00Z', end: '2026-11-22T00:00:00Z' } },
        'acme',
      ),
    ).toBe('cycle.start must be before cycle.end');
    expect(gapProblems([], 'acme')).toBe('data must be a JSON object');
  });

  it('checks metrics updates the same way', () => {
    const ok = {
      tenantId: 'acme',
      scope: { kind: 'stage', id: 'buy' },
      cycle: { length: 'week', start: '2026-11-16T00:00:00Z', end: '2026-11-23T00:00:00Z' },
      indicators: [{ indicator: 'nps/v1', n: 40, value: 12.5, ci: [1, 20] }],
    };
    expect(metricsProblems(ok, 'acme')).toBeNull();
    expect(
      metricsProblems(
        { ...ok, scope: { kind: 'planet', id: 'x' }, indicators: [{ indicator: 'nps/v1' }] },
        'acme',
      ),
    ).toBe(
      'scope must be { kind: touchpoint|stage|channel|segment|journey, id }; indicators[0] must be { indicator, n, value, ci }',
    );
    // Verification trusts `closed`: it must be a boolean when present.
    expect(metricsProblems({ ...ok, closed: true }, 'acme')).toBeNull();
    expect(metricsProblems({ ...ok, closed: 'yes' }, 'acme')).toBe('closed must be a boolean when present');
  });
});
