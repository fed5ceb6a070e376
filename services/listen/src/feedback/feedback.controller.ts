import { Body, Controller, Get, HttpCode, HttpStatus, Param, Query, Post } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import { FeedbackDto, ID, ID_PATTERN, IsOptionalInstant, IsOptionalInt } from '@continuum/contracts';
import {
  ApiEndpoint,
  answer,
  found,
  instantParam,
  intakeResponse,
  limitParam,
  nextPage,
  TenantId,
  validBatch,
  type IntakeResponse,
} from '@continuum/platform';
import { FeedbackRepository, type StoredFeedback } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { byIdEndpoint, intakeEndpoint } from '../openapi';
import {
  FEEDBACK_BODY,
  FEEDBACK_EXAMPLE,
  FEEDBACK_PAGE,
  FEEDBACK_VIEW,
  FEEDBACK_VIEW_EXAMPLE,
} from './feedback.openapi';

export const MAX_BATCH = 1000;

class ListQuery {
  @IsOptionalInstant()
  since?: string;

  /** With `since`: the id of the last item already seen (from `next`). */
  @IsOptional()
  @Matches(ID_PATTERN)
  after?: string;

  @IsOptionalInt(1, 500)
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
  @ApiEndpoint(
    intakeEndpoint(
      'Submit feedback (one, or an array of up to 1,000)',
      'Validated, recorded and published on `cx.feedback.recorded.v1`. A batch is all-or-nothing on validation; an id sent before is answered `duplicate` and changes nothing.',
      FEEDBACK_BODY,
      FEEDBACK_EXAMPLE,
    ),
  )
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(@TenantId() tenantId: string, @Body() body: unknown): Promise<IntakeResponse> {
    const dtos = validBatch(FeedbackDto, body, MAX_BATCH);
    return intakeResponse(body, await this.feedback.record(dtos.map((dto) => ({ tenantId, dto }))));
  }

  @Get(':id')
  @ApiEndpoint(
    byIdEndpoint(
      'One feedback as recorded (redacted, enriched)',
      answer('The feedback.', FEEDBACK_VIEW, FEEDBACK_VIEW_EXAMPLE),
    ),
  )
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<PublicFeedback> {
    return toPublic(found(await this.repo.findOne(tenantId, id), `no feedback ${id}`));
  }

  @Get()
  @ApiEndpoint({
    summary: 'Feedback received since an instant, oldest first, paged',
    query: [
      instantParam('since', 'Received at or after (default: the beginning).'),
      {
        name: 'after',
        schema: ID,
        description: 'With `since`: the id of the last item already seen (from `next`).',
      },
      limitParam(100),
    ],
    response: answer('A page; `next` is the path of the following one.', FEEDBACK_PAGE, {
      items: [FEEDBACK_VIEW_EXAMPLE],
      next: '/v1/feedback?since=2026-03-02T09%3A15%3A00.412Z&after=f-1&limit=1',
    }),
  })
  async list(
    @TenantId() tenantId: string,
    @Query() q: ListQuery,
  ): Promise<{ items: PublicFeedback[]; next: string | null }> {
    const limit = q.limit ?? 100;
    const since = q.since ? new Date(q.since) : new Date(0);
    const rows = await this.repo.listSince(tenantId, since, q.after ?? '', limit);
    const next = nextPage('/v1/feedback', rows, limit, (last) => ({
      since: last.receivedAt,
      after: last.feedbackId,
    }));
    return { items: rows.map(toPublic), next };
  }
}
