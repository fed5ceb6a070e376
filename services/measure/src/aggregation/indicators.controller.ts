import { Controller, Get, Query } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import type { Cycle, IndicatorValue, Scope } from '@continuum/contracts';
import { INDICATOR_IDS } from '@continuum/indicators';
import { answer, ApiEndpoint, TenantId, ValidationProblem } from '@continuum/platform';
import { RangeQuery, rangeOf, scopeOf, RANGE_QUERY } from '../http/scope.query';
import { AggregationRepository } from './aggregation.repository';
import { CycleRepository } from './cycles.repository';
import { cellKey, type Cell } from './cells';
import { indicatorValues } from './metrics';
import { INDICATORS_EXAMPLE, INDICATORS_VIEW } from './indicators.openapi';

class IndicatorsQuery extends RangeQuery {
  @IsOptional()
  @IsIn(INDICATOR_IDS)
  indicator?: string;
}

type SeriesItem = IndicatorValue & { cycle: Cycle; closed: boolean };

@Controller('v1/indicators')
export class IndicatorsController {
  constructor(
    private readonly repo: AggregationRepository,
    private readonly cycles: CycleRepository,
  ) {}

  /**
   * Per-cycle series of one scope (default the whole journey): each item one indicator in one
   * cycle, with its definition id, n, value and 95 % interval.
   */
  @Get()
  @ApiEndpoint({
    summary: 'Per-cycle indicator series of one scope',
    description:
      'Each item is one indicator in one cycle, with its definition id, n, value and 95 % interval. Default scope: the whole journey.',
    query: [
      ...RANGE_QUERY,
      { name: 'indicator', schema: { enum: [...INDICATOR_IDS] }, description: 'Only this indicator.' },
    ],
    response: answer('The series.', INDICATORS_VIEW, INDICATORS_EXAMPLE),
  })
  async series(
    @TenantId() tenantId: string,
    @Query() q: IndicatorsQuery,
  ): Promise<{ scope: Scope; items: SeriesItem[] }> {
    const scope = scopeOf(q, { kind: 'journey', id: '*' })!;
    if (!scope.id) throw new ValidationProblem([{ field: 'scopeId', reason: 'scopeId is required' }]);
    const { from, to } = rangeOf(q);
    const cycles = await this.cycles.cyclesBetween(tenantId, from, to);
    const cells: Cell[] = cycles.map((c) => ({
      tenantId,
      cycleLength: c.cycleLength,
      cycleStart: c.cycleStart,
      scopeKind: scope.kind,
      scopeId: scope.id,
    }));
    const states = new Map(
      (await this.repo.read(this.repo.dataSource, cells)).map((s) => [cellKey(s.cell), s]),
    );
    const items = cycles.flatMap((c, i) => {
      const s = states.get(cellKey(cells[i]));
      if (!s) return [];
      return indicatorValues(s)
        .filter((v) => !q.indicator || v.indicator === q.indicator)
        .map((v) => ({
          ...v,
          cycle: { length: c.cycleLength, start: c.cycleStart, end: c.cycleEnd },
          closed: c.closedAt !== null,
        }));
    });
    return { scope, items };
  }
}
