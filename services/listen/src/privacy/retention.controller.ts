import { Body, Controller, Get, Put } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsIntIn } from '@continuum/contracts';
import { answer, ApiEndpoint, TenantId, type JsonSchema } from '@continuum/platform';
import { RetentionRepository, type RetentionSettings } from './retention.repository';

class RetentionDto {
  /** Days recorded feedback (and the survey contacts it counts for) is kept; null: until erased. */
  @IsOptional()
  @IsIntIn(1, 3650)
  feedbackDays?: number | null;

  /** Days interactions are kept; null: until erased. */
  @IsOptional()
  @IsIntIn(1, 3650)
  interactionDays?: number | null;

  /** Days measure keeps comment samples (gap evidence), by the feedback's time. */
  @IsOptional()
  @IsIntIn(1, 3650)
  commentSampleDays?: number | null;

  /** Days after resolution act keeps an action's personal data (customer, description, notes). */
  @IsOptional()
  @IsIntIn(1, 3650)
  resolvedActionDays?: number | null;

  /** Days act keeps finished webhook and notification deliveries (payloads as sent). */
  @IsOptional()
  @IsIntIn(1, 3650)
  deliveryLogDays?: number | null;
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
    commentSampleDays: DAYS("a comment sample of measure's (gap evidence), by the feedback's time"),
    resolvedActionDays: DAYS(
      "a resolved action's personal data (customer, description, notes), after resolution",
    ),
    deliveryLogDays: DAYS('a finished webhook or notification delivery (its payload as sent)'),
  },
};
const EXAMPLE = {
  feedbackDays: 365,
  interactionDays: 90,
  commentSampleDays: 180,
  resolvedActionDays: 365,
  deliveryLogDays: 30,
};

/**
 * The tenant's retention of personal data (issue 20 item 4). listen's job deletes its feedback and
 * interactions past their limit (`LISTEN_RETENTION_INTERVAL_MS`); the limits are published on
 * `cx.privacy.retention.v1`, from which measure (comment samples) and act (resolved actions,
 * delivery logs) apply theirs.
 */
@Controller('v1/privacy/retention')
export class RetentionController {
  constructor(private readonly repo: RetentionRepository) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's retention of personal data, by kind",
    response: answer('The limits (null: kept until erased).', RETENTION, EXAMPLE),
  })
  async get(@TenantId() tenantId: string): Promise<RetentionSettings> {
    return this.repo.get(tenantId);
  }

  @Put()
  @ApiEndpoint({
    summary: 'Set how many days each kind of personal data is kept',
    description:
      "Every limit is replaced: an absent or null one keeps rows until erased. Rows older than a limit go at the next run of the retention job of the service holding them (listen: feedback, interactions; measure: comment samples; act: resolved actions' personal data, finished deliveries); indicators and action counts stay as they are.",
    permission: 'admin',
    body: { schema: RETENTION, example: EXAMPLE },
    response: answer('The limits now in force.', RETENTION, EXAMPLE),
  })
  async put(@TenantId() tenantId: string, @Body() body: RetentionDto): Promise<RetentionSettings> {
    const s: RetentionSettings = {
      feedbackDays: body.feedbackDays ?? null,
      interactionDays: body.interactionDays ?? null,
      commentSampleDays: body.commentSampleDays ?? null,
      resolvedActionDays: body.resolvedActionDays ?? null,
      deliveryLogDays: body.deliveryLogDays ?? null,
    };
    await this.repo.set(tenantId, s);
    return s;
  }
}
