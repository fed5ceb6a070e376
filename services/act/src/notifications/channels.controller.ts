import type { AuditActor } from '@continuum/persistence';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { IsOptionalInt, TEAM_PATTERN, type FieldProblem } from '@continuum/contracts';
import {
  Actor,
  answer,
  ApiEndpoint,
  found,
  limitParam,
  refusedUrl,
  TenantId,
  ValidationProblem,
} from '@continuum/platform';
import { ActConfig } from '../act.config';
import { ZonesRepository } from '../zones/zones.repository';
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
import { ChannelTestService } from './channel-test.service';
import { DigestService, type DigestRun } from './digest.service';
import {
  CHANNEL_TEST_BODY,
  CHANNELS_BODY,
  CHANNELS_EXAMPLE,
  CHANNELS_VIEW,
  DIGEST_RUN,
  DIGEST_RUN_EXAMPLE,
  NOTIFICATIONS,
  NOTIFICATIONS_EXAMPLE,
  TEST_NOTIFICATIONS_EXAMPLE,
} from './notifications.openapi';

const TEAM_PARAM = [{ name: 'team', schema: { type: 'string', pattern: TEAM_PATTERN.source } }];

function teamOf(team: string): string {
  if (!TEAM_PATTERN.test(team))
    throw new ValidationProblem([
      { field: 'team', reason: 'team must be a team id (1–100 letters, digits, . _ : -)' },
    ]);
  return team;
}

class ChannelTestDto {
  /** Only this channel of the team (default: all of them). */
  @IsOptional()
  @IsUUID()
  channelId?: string;
}

interface TeamChannels {
  team: string;
  /** The journey's time zone: digests and quiet hours are its local times. */
  timeZone: string;
  channels: ChannelView[];
}

/** A team's notification channels (e-mail, Slack, Microsoft Teams), their test messages and digests. */
@Controller('v1/teams')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsRepository,
    private readonly cfg: ActConfig,
    private readonly box: SecretBox,
    private readonly mailer: Mailer,
    private readonly zones: ZonesRepository,
    private readonly tests: ChannelTestService,
    private readonly digests: DigestService,
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
            quietHours: { from: '20:00', to: '07:00' },
          },
          {
            kind: 'email',
            to: ['payments-lead@example.com'],
            mode: 'digest',
            digest: { every: 'week', at: '08:30', weekday: 'monday' },
          },
        ],
      },
    },
    response: answer('The channels as stored.', CHANNELS_VIEW, CHANNELS_EXAMPLE),
  })
  async put(
    @TenantId() tenantId: string,
    @Actor() actor: AuditActor,
    @Param('team') team: string,
    @Body() body: TeamChannelsDto,
  ): Promise<TeamChannels> {
    teamOf(team);
    const problems: FieldProblem[] = channelProblems(body.channels);
    if (problems.length > 0) throw new ValidationProblem(problems);
    for (const [i, c] of body.channels.entries()) {
      if (c.kind === 'email') continue;
      const refused = await refusedUrl(c.url!, this.cfg.ACT_WEBHOOK_ALLOW_PRIVATE);
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
        // A digest channel is sent digests only, never a message per event.
        events: c.mode === 'digest' ? [] : [...new Set(c.events ?? NOTIFY_EVENTS)],
        slaLeadMinutes: c.slaLeadMinutes ?? DEFAULT_SLA_LEAD_MINUTES,
        mode: c.mode ?? 'immediate',
        digest: c.digest
          ? {
              every: c.digest.every,
              at: c.digest.at,
              ...(c.digest.every === 'week' ? { weekday: c.digest.weekday ?? 'monday' } : {}),
            }
          : null,
        quietHours: c.quietHours ? { from: c.quietHours.from, to: c.quietHours.to } : null,
      };
    });
    return {
      team,
      timeZone: await this.zones.zoneOf(tenantId),
      channels: await this.channels.replace(tenantId, team, stored, actor),
    };
  }

  @Get(':team/channels')
  @ApiEndpoint({
    summary: "A team's notification channels (chat URLs by origin only)",
    permission: 'read:webhooks',
    path: TEAM_PARAM,
    response: answer('The channels.', CHANNELS_VIEW, CHANNELS_EXAMPLE),
  })
  async get(@TenantId() tenantId: string, @Param('team') team: string): Promise<TeamChannels> {
    return {
      team: teamOf(team),
      timeZone: await this.zones.zoneOf(tenantId),
      channels: await this.channels.list(tenantId, team),
    };
  }

  @Post(':team/channels/test')
  @HttpCode(200)
  @ApiEndpoint({
    summary: "Send a test message through a team's channels, and answer with the result",
    description:
      'Written to the delivery log and sent by the dispatcher like any notification (same SSRF guard, retries and attempt log; quiet hours do not hold a test back). Answers once the first attempt of each is recorded (or after the send timeout): `delivered`, or `pending`/`failed` with the reason.',
    permission: 'admin',
    path: TEAM_PARAM,
    body: { schema: CHANNEL_TEST_BODY, example: {} },
    response: answer(
      'The test notifications, as GET /v1/notifications shows them.',
      NOTIFICATIONS,
      TEST_NOTIFICATIONS_EXAMPLE,
    ),
    problems: [404],
    problemNotes: { 404: 'The team has no channels (or not the one named).' },
  })
  async test(
    @TenantId() tenantId: string,
    @Param('team') team: string,
    @Body() body: ChannelTestDto,
  ): Promise<{ items: NotificationView[] }> {
    return { items: await this.tests.send(tenantId, teamOf(team), body.channelId ?? null, new Date()) };
  }

  @Post(':team/digest/run')
  @HttpCode(200)
  @ApiEndpoint({
    summary: "Write the team's digests of the current period now",
    description:
      "For each of the team's digest channels, the digest of the period now falls in (the local day or week of the journey's time zone), without waiting for its time. At most one digest per channel and period: a period whose digest exists already gets nothing more (`written: false`, its delivery id). Quiet hours still hold the message back.",
    permission: 'admin',
    path: TEAM_PARAM,
    response: answer('One entry per digest channel.', DIGEST_RUN, DIGEST_RUN_EXAMPLE),
    problems: [404],
    problemNotes: { 404: 'The team has no channel in digest mode.' },
  })
  async runDigest(
    @TenantId() tenantId: string,
    @Param('team') team: string,
  ): Promise<{ team: string; items: DigestRun[] }> {
    const items = await this.digests.runTeam(tenantId, teamOf(team), new Date());
    found(items.length > 0, `team ${team} has no channel in digest mode`);
    return { team, items };
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

  @IsOptionalInt(1, 500)
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
      limitParam(100),
    ],
    response: answer('The notifications, newest first.', NOTIFICATIONS, NOTIFICATIONS_EXAMPLE),
  })
  async list(
    @TenantId() tenantId: string,
    @Query() q: NotificationsQuery,
  ): Promise<{ items: NotificationView[] }> {
    return { items: await this.channels.notifications(tenantId, { ...q, limit: q.limit ?? 100 }) };
  }
}
