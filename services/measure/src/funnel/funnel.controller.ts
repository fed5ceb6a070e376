import { Controller, Get, Query } from '@nestjs/common';
import { IsOptionalInstant, IsOptionalText } from '@continuum/contracts';
import { answer, ApiEndpoint, instantParam, TenantId } from '@continuum/platform';
import { rangeOf } from '../http/scope.query';
import { FUNNEL_EXAMPLE, FUNNEL_VIEW } from './funnel.openapi';
import { funnels, type FunnelItem } from './funnel';
import { FunnelRepository } from './funnel.repository';

class FunnelQuery {
  @IsOptionalInstant()
  from?: string;

  @IsOptionalInstant()
  to?: string;

  @IsOptionalText(200)
  touchpoint?: string;

  @IsOptionalText(64)
  channel?: string;
}

@Controller('v1/funnel')
export class FunnelController {
  constructor(private readonly repo: FunnelRepository) {}

  @Get()
  @ApiEndpoint({
    summary: 'The response funnel of survey invitations, per cycle, touchpoint and channel',
    description:
      'Invited (every invitation judged by the contact policy or considered by a trigger), skipped (with counts by reason), delivered (the mail server accepted it), bounced, failed, opened and answered, each invitation counted in the cycle it was judged in; with `response/rate/v1` = answered ÷ delivered (Wilson 95 % interval).',
    query: [
      instantParam('from', 'Cycles starting at or after (default: 90 days before `to`).'),
      instantParam('to', 'Cycles starting before (default: tomorrow).'),
      {
        name: 'touchpoint',
        schema: { type: 'string', maxLength: 200 },
        description: 'Only this touchpoint.',
      },
      { name: 'channel', schema: { type: 'string', maxLength: 64 }, description: 'Only this channel.' },
    ],
    response: answer('The funnels.', FUNNEL_VIEW, FUNNEL_EXAMPLE),
  })
  async funnel(@TenantId() tenantId: string, @Query() q: FunnelQuery): Promise<{ items: FunnelItem[] }> {
    const { from, to } = rangeOf(q);
    const f = { from, to, touchpoint: q.touchpoint, channel: q.channel };
    return { items: funnels(await this.repo.counts(tenantId, f)) };
  }
}
