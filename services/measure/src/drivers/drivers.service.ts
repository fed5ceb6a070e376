/** Reads one cycle of a scope and its touchpoints, and the previous cycle, for the analysis. */
import { Injectable } from '@nestjs/common';
import type { Cycle, Scope } from '@continuum/contracts';
import type { Histogram } from '@continuum/indicators';
import { previousCycle } from '@continuum/journey';
import { AggregationRepository, type CellState } from '../aggregation/aggregation.repository';
import { CycleRepository, type StoredCycle } from '../aggregation/cycles.repository';
import { scopeKey } from '../aggregation/cells';
import { indicatorStates, stateOf } from '../aggregation/metrics';
import { JourneyDirectory } from '../journey/journey.directory';
import { MeasureConfig } from '../measure.config';
import { analyseDrivers, keyDrivers, type DriverAnalysis, type KeyDriversView } from './drivers';

export interface DriversView extends DriverAnalysis {
  readonly scope: Scope;
  readonly indicator: 'nps/v1';
  readonly cycle: Cycle;
  readonly previousCycle: Cycle;
  readonly closed: boolean;
  /** Respondent-level: what the other scores and the themes explain of the NPS answer. */
  readonly keyDrivers: KeyDriversView;
}

const npsOf = (s: CellState | undefined): Histogram | null =>
  s ? (stateOf(indicatorStates(s), 'nps/v1') ?? null) : null;

@Injectable()
export class DriversService {
  constructor(
    private readonly cells: AggregationRepository,
    private readonly cycles: CycleRepository,
    private readonly journeys: JourneyDirectory,
    private readonly cfg: MeasureConfig,
  ) {}

  /** The cycle at an instant (of the tenant's current cycle length when it has several), or the latest closed one. */
  async cycleFor(tenantId: string, at: Date | null): Promise<StoredCycle | null> {
    if (!at) {
      return (await this.cycles.latestClosedCycle(tenantId)) ?? (await this.cycleFor(tenantId, new Date()));
    }
    const found = await this.cycles.cyclesContaining(tenantId, at);
    const { cycle } = await this.journeys.settings(tenantId);
    return found.find((c) => c.cycleLength === cycle) ?? found[0] ?? null;
  }

  async analyse(tenantId: string, scope: Scope, c: StoredCycle): Promise<DriversView> {
    const settings = await this.journeys.settings(tenantId);
    const cycle: Cycle = { length: c.cycleLength, start: c.cycleStart, end: c.cycleEnd };
    const before = previousCycle(cycle, c.timeZone);
    const kinds = scope.kind === 'touchpoint' ? ['touchpoint' as const] : [scope.kind, 'touchpoint' as const];
    const ds = this.cells.dataSource;
    const now = await this.cells.readCycle(ds, tenantId, c.cycleLength, c.cycleStart, kinds);
    const then = await this.cells.readCycle(ds, tenantId, c.cycleLength, before.start, kinds);
    const themes = await this.cells.readThemes(ds, tenantId, c.cycleLength, c.cycleStart, [scope]);
    const respondents = await this.cells.readRespondents(
      ds,
      tenantId,
      c.cycleLength,
      c.cycleStart,
      scope.kind === 'stage' ? scope.id : null,
    );
    // The scope's touchpoints: all of them for the journey, the stage's per the journey map.
    const inScope = (id: string) =>
      scope.kind === 'journey' ||
      (scope.kind === 'stage' && settings.touchpoints.get(id)?.stage === scope.id);
    const touchpoints = (cells: Map<string, CellState>) =>
      new Map(
        [...cells.values()]
          .filter((s) => s.cell.scopeKind === 'touchpoint' && inScope(s.cell.scopeId))
          .map((s) => [s.cell.scopeId, npsOf(s)] as const)
          .filter((e): e is readonly [string, Histogram] => e[1] !== null),
      );
    const k = scopeKey(scope);
    const scopeNps = npsOf(now.get(k)) ?? classless();
    const analysis = analyseDrivers({
      scope: scopeNps,
      previousScope: npsOf(then.get(k)),
      touchpoints: touchpoints(now),
      previousTouchpoints: touchpoints(then),
      themes: themes.get(k) ?? new Map(),
      minSample: this.cfg.MEASURE_GAP_MIN_SAMPLE,
    });
    return {
      scope,
      indicator: 'nps/v1',
      cycle,
      previousCycle: before,
      closed: c.closedAt !== null,
      ...analysis,
      keyDrivers: keyDrivers(respondents, scopeNps, this.cfg.MEASURE_GAP_MIN_SAMPLE),
    };
  }
}

function classless(): Histogram {
  return { kind: 'histogram', min: 0, max: 10, counts: new Array<number>(11).fill(0) };
}
