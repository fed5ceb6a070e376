import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { parse as parseYaml } from 'yaml';
import type { JourneyV1 } from '@continuum/contracts';
import { RequireScope, TenantId, ValidationProblem } from '@continuum/platform';
import { JourneyService } from './journey.service';

@Controller('v1/journey')
export class JourneyController {
  constructor(private readonly journeys: JourneyService) {}

  /** JSON, or YAML with `content-type: application/yaml`. */
  @Put()
  @RequireScope('admin')
  async put(
    @TenantId() tenantId: string,
    @Body() body: unknown,
    @Headers('content-type') type?: string,
  ): Promise<JourneyV1> {
    let map = body;
    if (typeof body === 'string' && /yaml/.test(type ?? '')) {
      try {
        map = parseYaml(body);
      } catch (err) {
        throw new ValidationProblem([
          { field: '(body)', reason: `not valid YAML: ${err instanceof Error ? err.message : String(err)}` },
        ]);
      }
    }
    return this.journeys.put(tenantId, map);
  }

  @Get()
  get(@TenantId() tenantId: string): Promise<JourneyV1> {
    return this.journeys.get(tenantId);
  }
}
