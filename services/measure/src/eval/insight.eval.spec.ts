/**
 * A smoke run of the insight harness (`npm run eval:insight` prints the real tables): a tiny
 * tenant, one cycle per row, through the same code — so the harness keeps running as the
 * methods change. The figures themselves are too noisy at this size to assert on.
 */
import { defaultOptions, runEval } from './insight.eval';

describe('insight harness (smoke)', () => {
  const sut = runEval;
  const tiny = defaultOptions({
    shape: { touchpoints: 12, stages: 3 },
    replicates: 1,
    looks: 4,
    actions: 8,
    specs: [
      { n: 100, drop: 0, share: 0 },
      { n: 100, drop: 20, share: 0.5 },
    ],
    verificationSizes: [100],
  });

  it('prints the three tables, old and new side by side, the same for the same seed', () => {
    const report = sut(tiny);
    expect(report.text).toContain('Early warnings (open cycle, every look)');
    expect(report.text).toContain('Closed-cycle gaps');
    expect(report.text).toContain('Verification —');
    expect(report.text).toMatch(/old: EWMA per cell/);
    expect(report.text).toMatch(/new: mSPRT \(τ 4× min\. effect\) \+ e-BH q 0\.05/);
    expect(report.text).toMatch(/reference: one z test per cell at the close, BH q 0\.05/);
    expect(report.scenarios).toHaveLength(2);
    // 3 indicators × (12 touchpoints + 3 stages + the journey).
    expect(report.scenarios[0].cells).toBe(48);
    for (const s of report.scenarios) {
      for (const f of [s.warningsOld, s.warningsNew, s.closingBh, s.closingPerCell, s.gaps]) {
        expect(f.falseAlarms).toBeLessThanOrEqual(f.flagged);
        expect(f.fdr).toBeGreaterThanOrEqual(0);
        expect(f.fdr).toBeLessThanOrEqual(1);
        if (s.spec.drop === 0) expect(f.power).toBeNull();
      }
    }
    expect(report.verification).toHaveLength(3);
    expect(report.gapFormulaN).toBeGreaterThan(100);
    expect(sut(tiny).text).toBe(report.text);
  });
});
