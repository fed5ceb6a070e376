/**
 * Early warnings within an open cycle, valid however often the cycle is looked at. Pure.
 *
 * Family: every scope × indicator of the tenant whose previous cycle has the minimum sample
 * (fixed before the open cycle's data: its size m does not depend on what is being tested).
 * Each member's evidence of a drop is the one-sided mixture SPRT of `dropEvidence`
 * (libs/indicators): the open cycle's running value against the previous cycle's, the baseline's
 * own error included. It counts only once the open cycle has the minimum sample and the running
 * value is worse by at least the indicator's minimum effect (otherwise e = 0, which keeps it an
 * e-value). Across the family, e-BH at level `fdr`, with the cells already warned in this cycle
 * counted as rejected: warnings are never withdrawn, so every warned cell's e-value at its
 * warning clears m/(fdr·|all warnings of the cycle|), and the cycle's warnings have FDR ≤ fdr.
 */
import type { EProcessSignal, Scope } from '@continuum/contracts';
import {
  dropEvidence,
  eBenjaminiHochberg,
  evaluateGap,
  INDICATORS,
  perAnswerSummary,
  type GapCandidate,
  type IndicatorState,
  type StateOf,
  type TestableIndicatorId,
} from '@continuum/indicators';
import { scopeKey } from '../aggregation/cells';
import { TESTABLE_INDICATORS, type ScopeStates } from './evaluation';
import { compositeKey } from '@continuum/contracts';

export interface EarlyWarningOptions {
  /** Answers each cycle needs before a cell is tested (the gaps' minimum sample). */
  readonly minSample: number;
  /** e-BH level across the tenant's cells in one cycle. */
  readonly fdr: number;
  /** τ of the mixture, in multiples of the indicator's minimum effect. */
  readonly tau: number;
}

export interface WatchedCell {
  readonly scope: Scope;
  readonly indicator: TestableIndicatorId;
  /** The previous (closed) cycle's state: the baseline. */
  readonly baseline: IndicatorState;
  /** The open cycle's state so far; null before its first answer. */
  readonly current: IndicatorState | null;
  /** Warned earlier in this cycle. */
  readonly warned: boolean;
}

export interface EarlyWarning {
  readonly scope: Scope;
  readonly indicator: TestableIndicatorId;
  /** The running comparison with the previous cycle (values, n, interval). */
  readonly running: GapCandidate;
  readonly signal: EProcessSignal;
  /** Anytime-valid p-value, min(1, 1/e). */
  readonly p: number;
  /** The smallest e-BH level at which this warning would be given: m/(e·rejections). */
  readonly q: number;
}

export interface EarlyWarningScan {
  readonly warnings: EarlyWarning[];
  readonly family: number;
  /** Cells with enough answers in both cycles to be tested at this look. */
  readonly tested: number;
}

// Deltas like 100·(a/n − b/m) carry rounding residue; don't let it flip an exact threshold.
const EFFECT_TOLERANCE = 1e-9;

/** The family: cells whose baseline has the minimum sample. */
export function inFamily(
  indicator: TestableIndicatorId,
  baseline: IndicatorState,
  minSample: number,
): boolean {
  const b = perAnswerSummary(indicator, baseline);
  return b !== null && b.n >= minSample;
}

/** A cell's key among a cycle's warnings: scope key + NUL + indicator. */
export function warningKey(scope: Scope, indicator: string): string {
  return compositeKey(scopeKey(scope), indicator);
}

/** The family of a tenant's open cycle, in a deterministic order, with each member's state now. */
export function watchedCells(
  previous: ReadonlyMap<string, ScopeStates>,
  current: ReadonlyMap<string, ScopeStates>,
  warned: ReadonlySet<string>,
  minSample: number,
): WatchedCell[] {
  const out: WatchedCell[] = [];
  for (const key of [...previous.keys()].sort()) {
    const { scope, states } = previous.get(key)!;
    for (const indicator of TESTABLE_INDICATORS) {
      const baseline = states.get(indicator);
      if (!baseline || !inFamily(indicator, baseline, minSample)) continue;
      out.push({
        scope,
        indicator,
        baseline,
        current: current.get(key)?.states.get(indicator) ?? null,
        warned: warned.has(warningKey(scope, indicator)),
      });
    }
  }
  return out;
}

export function earlyWarningScan(family: readonly WatchedCell[], o: EarlyWarningOptions): EarlyWarningScan {
  const candidates: { cell: WatchedCell; e: number; tau: number }[] = [];
  let warned = 0;
  let tested = 0;
  for (const cell of family) {
    if (cell.warned) {
      warned++;
      continue;
    }
    const base = perAnswerSummary(cell.indicator, cell.baseline);
    const now = cell.current === null ? null : perAnswerSummary(cell.indicator, cell.current);
    if (base === null || now === null || now.n < o.minSample || base.n < o.minSample) continue;
    tested++;
    const def = INDICATORS[cell.indicator];
    const tau = o.tau * def.minimumEffect;
    const evidence = dropEvidence(cell.indicator, now, base, tau);
    const sign = def.direction === 'higher-is-better' ? 1 : -1;
    const worseEnough = -sign * evidence.delta + EFFECT_TOLERANCE >= def.minimumEffect;
    // Capped so the e-value stays a finite JSON number (e^690 is beyond any threshold anyway).
    candidates.push({ cell, e: worseEnough ? Math.exp(Math.min(evidence.logE, 690)) : 0, tau });
  }
  const ebh = eBenjaminiHochberg(
    candidates.map((c) => c.e),
    o.fdr,
    { m: family.length, alreadyRejected: warned },
  );
  const warnings: EarlyWarning[] = [];
  candidates.forEach((c, i) => {
    if (!ebh.rejected[i]) return;
    const { cell } = c;
    const running = evaluateGap({
      indicator: cell.indicator,
      kind: 'vs-previous',
      current: cell.current as StateOf<typeof cell.indicator>,
      previous: cell.baseline as StateOf<typeof cell.indicator>,
      minSample: o.minSample,
    });
    warnings.push({
      scope: cell.scope,
      indicator: cell.indicator,
      running,
      p: Math.min(1, 1 / c.e),
      q: Math.min(1, family.length / (c.e * ebh.rejections)),
      signal: {
        method: 'msprt-ebh',
        eValue: round(c.e),
        threshold: round(ebh.threshold),
        family: family.length,
        rejections: ebh.rejections,
        fdr: o.fdr,
        tau: round(c.tau),
      },
    });
  });
  return { warnings, family: family.length, tested };
}

const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);
