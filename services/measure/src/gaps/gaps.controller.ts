import { Controller, Get, Query } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { GAP_KINDS, IsOptionalInt, type GapDetectedV1, type GapKind } from '@continuum/contracts';
import { INDICATOR_IDS } from '@continuum/indicators';
import { answer, ApiEndpoint, limitParam, TenantId } from '@continuum/platform';
import { RangeQuery, rangeOf, scopeOf, RANGE_QUERY } from '../http/scope.query';
import { GapsRepository } from './gaps.repository';
import { GAPS_EXAMPLE, GAPS_VIEW } from './gaps.openapi';

class GapsQuery extends RangeQuery {
  @IsOptional()
  @IsIn(INDICATOR_IDS)
  indicator?: string;

  @IsOptional()
  @IsIn(GAP_KINDS)
  kind?: GapKind;

  @IsOptionalInt(1, 1000)
  limit?: number;
}

@Controller('v1/gaps')
export class GapsController {
  constructor(private readonly repo: GapsRepository) {}

  /** Gaps detected for the tenant, with their evidence, newest cycle first (cycle start in [from, to)). */
  @Get()
  @ApiEndpoint({
    summary: 'Gaps detected for the tenant, with their evidence',
    description: 'Newest cycle first; cycles starting in [from, to).',
    query: [
      ...RANGE_QUERY,
      { name: 'indicator', schema: { enum: [...INDICATOR_IDS] } },
      { name: 'kind', schema: { enum: GAP_KINDS } },
      limitParam(100, 1000),
    ],
    response: answer('The gaps.', GAPS_VIEW, GAPS_EXAMPLE),
  })
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
