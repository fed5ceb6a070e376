import { Body, Controller, Get, HttpCode, HttpStatus, Param, Query, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, IsISO8601, Matches } from 'class-validator';
import { FeedbackDto, ID, ID_PATTERN, validateOneOrMany } from '@continuum/contracts';
import {
  ProblemException,
  TenantId,
  ValidationProblem,
  intakeResponse,
  type IntakeResponse,
  ApiEndpoint,
} from '@continuum/platform';
import { FeedbackRepository, type StoredFeedback } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import {
  FEEDBACK_BODY,
  FEEDBACK_EXAMPLE,
  FEEDBACK_PAGE,
  FEEDBACK_VIEW,
  FEEDBACK_VIEW_EXAMPLE,
  INTAKE_RESPONSE,
  oneOrMany,
} from '../openapi';

export const MAX_BATCH = 1000;

class ListQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  /** With `since`: the id of the last item already seen (from `next`). */
  @IsOptional()
  @Matches(ID_PATTERN)
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

type PublicFeedback = Omit<StoredFeedback, 'eventId' | 'feedbackId' | 'tenantId'> & { id: string };

function toPublic(f: StoredFeedback): PublicFeedback {
  const { eventId: _e, feedbackId, tenantId: _t, ...rest } = f;
  return { id: feedbackId, ...rest };
}

@Controller('v1/feedback')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly repo: FeedbackRepository,
  ) {}

  /** One object or an array of up to 1,000; a batch is all-or-nothing on validation. */
  @Post()
  @ApiEndpoint({
    summary: 'Submit feedback (one, or an array of up to 1,000)',
    description:
      'Validated, recorded and published on `cx.feedback.recorded.v1`. A batch is all-or-nothing on validation; an id sent before is answered `duplicate` and changes nothing.',
    permission: 'ingest',
    body: { schema: oneOrMany(FEEDBACK_BODY), example: FEEDBACK_EXAMPLE },
    response: {
      status: 202,
      description: 'Recorded (or recognised as a duplicate).',
      schema: INTAKE_RESPONSE,
      example: { id: 'f-1', status: 'recorded' },
    },
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(@TenantId() tenantId: string, @Body() body: unknown): Promise<IntakeResponse> {
    const v = validateOneOrMany(FeedbackDto, body, MAX_BATCH);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const results = await this.feedback.record(v.values.map((dto) => ({ tenantId, dto })));
    return intakeResponse(body, results);
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'One feedback as recorded (redacted, enriched)',
    path: [{ name: 'id', schema: ID, description: "The sender's id." }],
    response: {
      status: 200,
      description: 'The feedback.',
      schema: FEEDBACK_VIEW,
      example: FEEDBACK_VIEW_EXAMPLE,
    },
    problems: [404],
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<PublicFeedback> {
    const f = await this.repo.findOne(tenantId, id);
    if (!f) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no feedback ${id}`);
    return toPublic(f);
  }

  @Get()
  @ApiEndpoint({
    summary: 'Feedback received since an instant, oldest first, paged',
    query: [
      {
        name: 'since',
        schema: { type: 'string', format: 'date-time' },
        description: 'Received at or after (default: the beginning).',
      },
      {
        name: 'after',
        schema: ID,
        description: 'With `since`: the id of the last item already seen (from `next`).',
      },
      { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
    ],
    response: {
      status: 200,
      description: 'A page; `next` is the path of the following one.',
      schema: FEEDBACK_PAGE,
      example: {
        items: [FEEDBACK_VIEW_EXAMPLE],
        next: '/v1/feedback?since=2026-03-02T09%3A15%3A00.412Z&after=f-1&limit=1',
      },
    },
  })
  async list(
    @TenantId() tenantId: string,
    @Query() q: ListQuery,
  ): Promise<{ items: PublicFeedback[]; next: string | null }> {
    const limit = q.limit ?? 100;
    const since = q.since ? new Date(q.since) : new Date(0);
    const rows = await this.repo.listSince(tenantId, since, q.after ?? '', limit);
    const last = rows[rows.length - 1];
    const next =
      rows.length === limit && last
        ? `/v1/feedback?${new URLSearchParams({ since: last.receivedAt, after: last.feedbackId, limit: String(limit) }).toString()}`
        : null;
    return { items: rows.map(toPublic), next };
  }
}
