import { Body, Controller, Get, Put } from '@nestjs/common';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiEndpoint, TenantId, type JsonSchema } from '@continuum/platform';
import { RetentionRepository, type RetentionSettings } from './retention.repository';

class RetentionDto {
  /** Days recorded feedback (and the survey contacts it counts for) is kept; null: until erased. */
  @IsOptional()
  @Max(3650)
  @Min(1)
  @IsInt()
  feedbackDays?: number | null;

  /** Days interactions are kept; null: until erased. */
  @IsOptional()
  @Max(3650)
  @Min(1)
  @IsInt()
  interactionDays?: number | null;
}

const DAYS = (what: string): JsonSchema => ({
  type: ['integer', 'null'],
  minimum: 1,
  maximum: 3650,
  description: `Days ${what} is kept, by its event time; null keeps it until erased.`,
});

const RETENTION: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    feedbackDays: DAYS('recorded feedback (with the survey contacts it counts for)'),
    interactionDays: DAYS('an interaction'),
  },
};
const EXAMPLE = { feedbackDays: 365, interactionDays: 90 };

/**
 * The tenant's retention of listen's personal data (issue 20 item 4); a job deletes what is
 * older (`LISTEN_RETENTION_INTERVAL_MS`). measure's comment samples, act's resolved actions and
 * delivery logs are not under it yet (docs/privacy.md).
 */
@Controller('v1/privacy/retention')
export class RetentionController {
  constructor(private readonly repo: RetentionRepository) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's retention of recorded feedback and interactions",
    response: {
      status: 200,
      description: 'The limits (null: kept until erased).',
      schema: RETENTION,
      example: EXAMPLE,
    },
  })
  async get(@TenantId() tenantId: string): Promise<RetentionSettings> {
    return this.repo.get(tenantId);
  }

  @Put()
  @ApiEndpoint({
    summary: 'Set how many days recorded feedback and interactions are kept',
    description:
      'Both limits are replaced: an absent or null one keeps rows until erased. Rows older than a limit are deleted by the next run of the retention job; indicators, built from the events, stay as they are.',
    permission: 'admin',
    body: { schema: RETENTION, example: EXAMPLE },
    response: { status: 200, description: 'The limits now in force.', schema: RETENTION, example: EXAMPLE },
  })
  async put(@TenantId() tenantId: string, @Body() body: RetentionDto): Promise<RetentionSettings> {
    const s: RetentionSettings = {
      feedbackDays: body.feedbackDays ?? null,
      interactionDays: body.interactionDays ?? null,
    };
    await this.repo.set(tenantId, s);
    return s;
  }
}
