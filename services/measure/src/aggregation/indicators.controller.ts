import { Controller, Get, Query } from '@nestjs/common';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Cycle, IndicatorValue, ScopeKind } from '@continuum/contracts';
import { INDICATOR_IDS } from '@continuum/indicators';
import { cycleOf } from '@continuum/journey';
import { TenantId } from '@continuum/platform';
import { AggregationRepository } from './aggregation.repository';
import { indicatorValues } from './metrics';

const SCOPE_KINDS: ScopeKind[] = ['touchpoint', 'stage', 'channel', 'segment', 'journey'];

class IndicatorsQuery {
  @IsOptional()
  @IsIn(SCOPE_KINDS)
  scopeKind?: ScopeKind;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  scopeId?: string;

  @IsOptional()
  @IsIn(INDICATOR_IDS)
  indicator?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@Controller('v1/indicators')
export class IndicatorsController {
  constructor(private readonly repo: AggregationRepository) {}

  /** Per-cycle series of one scope: each item one indicator in one cycle, with n and interval. */
  @Get()
  async series(
    @TenantId() tenantId: string,
    @Query() q: IndicatorsQuery,
  ): Promise<{ scope: { kind: ScopeKind; id: string }; items: (IndicatorValue & { cycle: Cycle })[] }> {
    const scope = { kind: q.scopeKind ?? 'journey', id: q.scopeId ?? '*' };
    const to = q.to ? new Date(q.to) : new Date(Date.now() + 86_400_000);
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
    const cells = await this.repo.cellsOfScope(tenantId, scope.kind, scope.id, from, to);
    const states = await this.repo.read(this.repo.dataSource, cells);
    states.sort((a, b) => a.cell.cycleStart.localeCompare(b.cell.cycleStart));
    const items = states.flatMap((s) =>
      indicatorValues(s)
        .filter((v) => !q.indicator || v.indicator === q.indicator)
        .map((v) => ({ ...v, cycle: cycleOf(s.cell.cycleStart, s.cell.cycleLength) })),
    );
    return { scope, items };
  }
}
