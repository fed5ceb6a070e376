import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { parse as parseYaml } from 'yaml';
import type { JourneyV1 } from '@continuum/contracts';
import type { AuditActor } from '@continuum/persistence';
import { Actor, answer, ApiEndpoint, TenantId, ValidationProblem } from '@continuum/platform';
import { JourneyService } from './journey.service';
import {
  JOURNEY_BODY,
  JOURNEY_EXAMPLE,
  JOURNEY_VIEW,
  JOURNEY_VIEW_EXAMPLE,
  JOURNEY_YAML_EXAMPLE,
} from './journey.openapi';

@Controller('v1/journey')
export class JourneyController {
  constructor(private readonly journeys: JourneyService) {}

  /** JSON, or YAML with `content-type: application/yaml`. */
  @Put()
  @ApiEndpoint({
    summary: "Replace the tenant's journey map (JSON or YAML)",
    description:
      'Validated as a whole (each problem named), versioned, and published on the compacted `cx.journey.v1`.',
    permission: 'admin',
    body: {
      schema: JOURNEY_BODY,
      example: JOURNEY_EXAMPLE,
      alsoAs: [{ type: 'application/yaml', example: JOURNEY_YAML_EXAMPLE }],
      description: 'JSON, or the same map as YAML with `content-type: application/yaml`.',
    },
    response: answer('The map as stored, with its new version.', JOURNEY_VIEW, JOURNEY_VIEW_EXAMPLE),
  })
  async put(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
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
    return this.journeys.put(tenantId, map, actor);
  }

  @Get()
  @ApiEndpoint({
    summary: "The tenant's current journey map",
    response: answer('The current map.', JOURNEY_VIEW, JOURNEY_VIEW_EXAMPLE),
    problems: [404],
    problemNotes: { 404: 'The tenant has no journey map yet' },
  })
  get(@TenantId() tenantId: string): Promise<JourneyV1> {
    return this.journeys.get(tenantId);
  }
}
