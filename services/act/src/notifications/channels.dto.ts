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
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsNested, IsOptionalInt, IsOptionalText, type FieldProblem } from '@continuum/contracts';
import { inQuietHours, minutesOf } from '@continuum/journey';
import { WEEKDAYS, type Weekday } from './digest-schedule';

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

/** `immediate`: one message per event. `digest`: one message a day or a week instead. */
export const CHANNEL_MODES = ['immediate', 'digest'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** When a digest channel's message goes out: local time of the journey's time zone. */
export class DigestScheduleDto {
  @IsIn(['day', 'week'], { message: 'every must be day or week' })
  every!: 'day' | 'week';

  @IsString()
  @Matches(HH_MM, { message: 'at must be a time of day as HH:MM' })
  at!: string;

  /** Weekly digests only (default monday). */
  @IsOptional()
  @IsIn(WEEKDAYS, { message: `weekday must be one of ${WEEKDAYS.join(', ')}` })
  weekday?: Weekday;
}

/** Local hours (the journey's time zone) in which the channel is sent nothing; possibly across midnight. */
export class QuietHoursDto {
  @IsString()
  @Matches(HH_MM, { message: 'from must be a time of day as HH:MM' })
  from!: string;

  @IsString()
  @Matches(HH_MM, { message: 'to must be a time of day as HH:MM' })
  to!: string;
}

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
  @IsOptionalText(2000)
  url?: string;

  /** Default: all of NOTIFY_EVENTS. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFY_EVENTS.length)
  @IsIn(NOTIFY_EVENTS, { each: true, message: `each event must be one of ${NOTIFY_EVENTS.join(', ')}` })
  events?: NotifyEvent[];

  /** How long before the due time `action.sla-warning` is sent (minutes, default 60). */
  @IsOptionalInt(1, 10_080)
  slaLeadMinutes?: number;

  /** Default immediate. */
  @IsOptional()
  @IsIn(CHANNEL_MODES, { message: `mode must be one of ${CHANNEL_MODES.join(', ')}` })
  mode?: ChannelMode;

  /** Digest mode only: when the digest goes out. */
  @IsOptional()
  @IsNested(() => DigestScheduleDto)
  digest?: DigestScheduleDto;

  @IsOptional()
  @IsNested(() => QuietHoursDto)
  quietHours?: QuietHoursDto;
}

export class TeamChannelsDto {
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
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
    if (c.mode === 'digest') {
      if (!c.digest)
        problems.push({
          field: `${at}.digest`,
          reason: 'a digest channel needs its schedule: { every: day|week, at: HH:MM, weekday? }',
        });
      if (c.events !== undefined || c.slaLeadMinutes !== undefined)
        problems.push({
          field: `${at}.${c.events !== undefined ? 'events' : 'slaLeadMinutes'}`,
          reason: 'a digest channel lists open, overdue and newly verified actions; it takes no events',
        });
    } else if (c.digest !== undefined)
      problems.push({
        field: `${at}.digest`,
        reason: 'only a channel in digest mode takes a digest schedule',
      });
    if (c.digest?.weekday !== undefined && c.digest.every !== 'week')
      problems.push({ field: `${at}.digest.weekday`, reason: 'only a weekly digest takes a weekday' });
    if (c.quietHours && c.quietHours.from === c.quietHours.to)
      problems.push({
        field: `${at}.quietHours`,
        reason: 'quiet hours must end at another time than they start',
      });
    else if (c.quietHours && c.digest && inQuietHours(minutesOf(c.digest.at), c.quietHours))
      problems.push({
        field: `${at}.digest.at`,
        reason: `${c.digest.at} is inside the quiet hours ${c.quietHours.from}–${c.quietHours.to}`,
      });
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
