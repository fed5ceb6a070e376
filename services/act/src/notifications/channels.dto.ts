/**
 * A team's notification channels as `PUT /v1/teams/:team/channels` takes them: shapes here
 * (class-validator), the rules between fields in `channelProblems` (pure). Where a URL may go
 * and whether the SMTP server answers are checked by the controller, which has the network.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { FieldProblem } from '@continuum/contracts';

/**
 * What a team can be told. `action.sla-warning` is sent `slaLeadMinutes` before the due time of
 * an action the team owns; `action.escalated` goes to the team the action was escalated to.
 */
export const NOTIFY_EVENTS = [
  'action.opened',
  'action.escalated',
  'action.sla-warning',
  'action.reopened',
  'action.verified',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const CHANNEL_KINDS = ['email', 'slack', 'teams'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DEFAULT_SLA_LEAD_MINUTES = 60;

export class ChannelDto {
  @IsIn(CHANNEL_KINDS, { message: `kind must be one of ${CHANNEL_KINDS.join(', ')}` })
  kind!: ChannelKind;

  /** E-mail: the addresses written to. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each of to must be an e-mail address' })
  to?: string[];

  /** Slack incoming webhook or Teams workflow webhook URL: a secret, stored sealed. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  /** Default: all of NOTIFY_EVENTS. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFY_EVENTS.length)
  @IsIn(NOTIFY_EVENTS, { each: true, message: `each event must be one of ${NOTIFY_EVENTS.join(', ')}` })
  events?: NotifyEvent[];

  /** How long before the due time `action.sla-warning` is sent (minutes, default 60). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_080)
  slaLeadMinutes?: number;
}

export class TeamChannelsDto {
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ChannelDto)
  channels!: ChannelDto[];
}

/** Rules across a channel's fields: what each kind needs and refuses. */
export function channelProblems(channels: readonly ChannelDto[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  channels.forEach((c, i) => {
    const at = `channels.${i}`;
    if (c.kind === 'email') {
      if (!c.to)
        problems.push({ field: `${at}.to`, reason: 'an e-mail channel needs the addresses to write to' });
      if (c.url !== undefined)
        problems.push({ field: `${at}.url`, reason: 'an e-mail channel takes no url' });
    } else {
      if (c.url === undefined)
        problems.push({ field: `${at}.url`, reason: `a ${c.kind} channel needs its webhook url` });
      if (c.to !== undefined) problems.push({ field: `${at}.to`, reason: `a ${c.kind} channel takes no to` });
    }
  });
  return problems;
}

/** What GET shows of a webhook URL: its origin only (the path is the secret). */
export function urlHint(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
