import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { GapDetectedV1, GapKind } from '@continuum/contracts';
import { INDICATOR_IDS } from '@continuum/indicators';
import { TenantId } from '@continuum/platform';
import { RangeQuery, rangeOf, scopeOf } from '../http/scope.query';
import { GapsRepository } from './gaps.repository';

const GAP_KINDS: GapKind[] = ['vs-previous', 'vs-target', 'early-warning'];

class GapsQuery extends RangeQuery {
  @IsOptional()
  @IsIn(INDICATOR_IDS)
  indicator?: string;

  @IsOptional()
  @IsIn(GAP_KINDS)
  kind?: GapKind;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@Controller('v1/gaps')
export class GapsController {
  constructor(private readonly repo: GapsRepository) {}

  /** Gaps detected for the tenant, with their evidence, newest cycle first (cycle start in [from, to)). */
  @Get()
  async list(@TenantId() tenantId: string, @Query() q: GapsQuery): Promise<{ items: GapDetectedV1[] }> {
    const { from, to } = rangeOf(q);
    const items = await this.repo.list(tenantId, {
      from,
      to,
      scope: scopeOf(q, null),
      indicator: q.indicator ?? null,
      kind: q.kind ?? null,
      limit: q.limit ?? 100,
    });
    return { items };
  }
}
