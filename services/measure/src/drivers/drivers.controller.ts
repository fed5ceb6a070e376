import { Controller, Get, Query } from '@nestjs/common';
import { IsOptionalInstant } from '@continuum/contracts';
import { answer, ApiEndpoint, found, instantParam, TenantId, ValidationProblem } from '@continuum/platform';
import { ScopeQuery, scopeOf, SCOPE_QUERY } from '../http/scope.query';
import { DriversService, type DriversView } from './drivers.service';
import { DRIVERS_EXAMPLE, DRIVERS_VIEW } from './drivers.openapi';

class DriversQuery extends ScopeQuery {
  /** An instant inside the cycle to analyse; default the latest closed cycle. */
  @IsOptionalInstant()
  at?: string;
}

@Controller('v1/drivers')
export class DriversController {
  constructor(private readonly drivers: DriversService) {}

  /** What moves the NPS of the journey (default) or of a stage: its touchpoints and its themes. */
  @Get()
  @ApiEndpoint({
    summary: 'What moves the NPS of the journey or of a stage',
    description: 'Its touchpoints and its themes, in one cycle against the previous one.',
    query: [
      ...SCOPE_QUERY,
      instantParam('at', 'An instant inside the cycle to analyse; default the latest closed cycle.'),
    ],
    response: answer('The analysis.', DRIVERS_VIEW, DRIVERS_EXAMPLE),
    problems: [404],
    problemNotes: { 404: 'No cycle with data for this tenant' },
  })
  async get(@TenantId() tenantId: string, @Query() q: DriversQuery): Promise<DriversView> {
    const scope = scopeOf(q, { kind: 'journey', id: '*' })!;
    if (scope.kind !== 'journey' && scope.kind !== 'stage')
      throw new ValidationProblem([
        { field: 'scope', reason: 'drivers are analysed for the journey or a stage' },
      ]);
    if (!scope.id) throw new ValidationProblem([{ field: 'scopeId', reason: 'scopeId is required' }]);
    const cycle = found(
      await this.drivers.cycleFor(tenantId, q.at ? new Date(q.at) : null),
      'no cycle with data for this tenant',
    );
    return this.drivers.analyse(tenantId, scope, cycle);
  }
}
