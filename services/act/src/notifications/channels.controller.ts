import type { AuditActor } from '@continuum/persistence';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { TEAM_PATTERN, type FieldProblem } from '@continuum/contracts';
import { Actor, ApiEndpoint, refuseWebhookUrl, TenantId, ValidationProblem } from '@continuum/platform';
import { ActConfig } from '../act.config';
import { SecretBox } from '../webhooks/secret-box';
import {
  channelProblems,
  DEFAULT_SLA_LEAD_MINUTES,
  NOTIFY_EVENTS,
  TeamChannelsDto,
  urlHint,
} from './channels.dto';
import {
  ChannelsRepository,
  type ChannelView,
  type NewChannel,
  type NotificationView,
} from './channels.repository';
import { Mailer } from './mailer';
import {
  CHANNELS_BODY,
  CHANNELS_EXAMPLE,
  CHANNELS_VIEW,
  NOTIFICATIONS,
  NOTIFICATIONS_EXAMPLE,
} from './notifications.openapi';

const TEAM_PARAM = [{ name: 'team', schema: { type: 'string', pattern: TEAM_PATTERN.source } }];

function teamOf(team: string): string {
  if (!TEAM_PATTERN.test(team))
    throw new ValidationProblem([
      { field: 'team', reason: 'team must be a team id (1–100 letters, digits, . _ : -)' },
    ]);
  return team;
}

/** A team's notification channels: e-mail, Slack, Microsoft Teams. */
@Controller('v1/teams')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsRepository,
    private readonly cfg: ActConfig,
    private readonly box: SecretBox,
    private readonly mailer: Mailer,
  ) {}

  @Put(':team/channels')
  @ApiEndpoint({
    summary: "Set a team's notification channels (replaces them)",
    description:
      'Each channel is checked before it is stored: chat webhook URLs against the SSRF rules of webhooks, e-mail against the SMTP server (it must accept a connection). A refusal is a 400 naming the channel and the reason.',
    permission: 'admin',
    path: TEAM_PARAM,
    body: {
      schema: CHANNELS_BODY,
      example: {
        channels: [
          { kind: 'email', to: ['payments-ops@example.com'] },
          {
            kind: 'slack',
            url: 'https://hooks.slack.com/services/T000/B000/XXXX',
            events: ['action.opened', 'action.escalated'],
          },
          {
            kind: 'teams',
            url: 'https://prod-00.westeurope.logic.azure.com/workflows/…',
            slaLeadMinutes: 120,
          },
        ],
      },
    },
    response: {
      status: 200,
      description: 'The channels as stored.',
      schema: CHANNELS_VIEW,
      example: CHANNELS_EXAMPLE,
    },
  })
  async put(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Param('team') team: string,
    @Body() body: TeamChannelsDto,
  ): Promise<{ team: string; channels: ChannelView[] }> {
    teamOf(team);
    const problems: FieldProblem[] = channelProblems(body.channels);
    if (problems.length > 0) throw new ValidationProblem(problems);
    const resolve = async (host: string) =>
      (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    for (const [i, c] of body.channels.entries()) {
      if (c.kind === 'email') continue;
      const refused = await refuseWebhookUrl(c.url!, {
        allowPrivate: this.cfg.ACT_WEBHOOK_ALLOW_PRIVATE,
        resolve,
      });
      if (refused) problems.push({ field: `channels.${i}.url`, reason: refused });
    }
    const firstMail = body.channels.findIndex((c) => c.kind === 'email');
    if (firstMail >= 0) {
      const refused = await this.mailer.refusal();
      if (refused) problems.push({ field: `channels.${firstMail}`, reason: refused });
    }
    if (problems.length > 0) throw new ValidationProblem(problems);
    const stored: NewChannel[] = body.channels.map((c) => {
      const id = randomUUID();
      return {
        id,
        kind: c.kind,
        target: c.kind === 'email' ? JSON.stringify([...new Set(c.to)]) : this.box.seal(c.url!, id),
        hint: c.kind === 'email' ? c.to!.join(', ') : urlHint(c.url!),
        events: [...new Set(c.events ?? NOTIFY_EVENTS)],
        slaLeadMinutes: c.slaLeadMinutes ?? DEFAULT_SLA_LEAD_MINUTES,
      };
    });
    return { team, channels: await this.channels.replace(tenantId, team, stored, actor) };
  }

  @Get(':team/channels')
  @ApiEndpoint({
    summary: "A team's notification channels (chat URLs by origin only)",
    permission: 'read:webhooks',
    path: TEAM_PARAM,
    response: { status: 200, description: 'The channels.', schema: CHANNELS_VIEW, example: CHANNELS_EXAMPLE },
  })
  async get(
    @TenantId() tenantId: string,
    @Param('team') team: string,
  ): Promise<{ team: string; channels: ChannelView[] }> {
    return { team: teamOf(team), channels: await this.channels.list(tenantId, team) };
  }
}

class NotificationsQuery {
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: string;

  @IsOptional()
  @IsUUID()
  actionId?: string;

  @IsOptional()
  @Matches(TEAM_PATTERN, { message: 'team must be a team id (1–100 letters, digits, . _ : -)' })
  team?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** What was sent to teams, and what failed with the reason. */
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly channels: ChannelsRepository) {}

  @Get()
  @ApiEndpoint({
    summary: 'Team notifications: deliveries and failures, with every attempt',
    permission: 'read:webhooks',
    query: [
      { name: 'status', schema: { enum: ['pending', 'delivered', 'failed'] } },
      { name: 'actionId', schema: { type: 'string', format: 'uuid' } },
      { name: 'team', schema: { type: 'string' } },
      { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
    ],
    response: {
      status: 200,
      description: 'The notifications, newest first.',
      schema: NOTIFICATIONS,
      example: NOTIFICATIONS_EXAMPLE,
    },
  })
  async list(
    @TenantId() tenantId: string,
    @Query() q: NotificationsQuery,
  ): Promise<{ items: NotificationView[] }> {
    return { items: await this.channels.notifications(tenantId, { ...q, limit: q.limit ?? 100 }) };
  }
}
