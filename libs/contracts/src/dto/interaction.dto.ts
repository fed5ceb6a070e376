/**
 * Contact-centre interactions (implicit signals), as senders post them on `POST /v1/interactions`
 * and on `cx.interactions.raw.v1`. Field rules first, then the rules that span fields:
 * - `endedAt`, when given, is not before `startedAt` and at most a day after it;
 * - `waitSeconds` fits in the interaction (≤ endedAt − startedAt, 1 s of rounding allowed);
 * - `holdSeconds` ≤ `handleSeconds` when both are given (hold time is part of handle time);
 * - `abandoned`: the customer left before an agent took over, so no handle or hold time (absent
 *   or 0), no transfers, and `resolved` cannot be true; `agentId` stays optional (a call can be
 *   abandoned while ringing an agent);
 * - `transferred`: `transfers` ≥ 1 when given (absent means 1); `handled` allows transfers ≥ 0
 *   (transferred inside the centre, then handled);
 * - seconds are non-negative, finite, at most a day, with at most 3 decimals; `transfers` is an
 *   integer 0–50.
 */
import { IsBoolean, IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { INTERACTION_OUTCOMES, type InteractionOutcome } from '../events';
import { IsIntIn, IsNonEmptyText, Stack } from './decorators';
import { IsId } from './feedback.dto';
import { personalDataProblem } from './personal-data';
import type { FieldProblem, SelfChecking } from './validate';
import { IsPlausibleInstant } from './validators';

/** Upper bound of every duration: one day. */
export const MAX_INTERACTION_SECONDS = 86_400;
export const MAX_TRANSFERS = 50;
/** Rounding allowance when a whole-second wait is compared with millisecond timestamps. */
const ROUNDING_SECONDS = 1;

/** Non-negative seconds, at most a day, with at most 3 decimals. */
const IsSeconds = () =>
  Stack(
    Max(MAX_INTERACTION_SECONDS),
    Min(0),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }),
  );

export class InteractionDto implements SelfChecking {
  @IsId()
  id!: string;

  @IsId()
  customerId!: string;

  /** voice, chat, email, web, … (free text, as in feedback). */
  @IsNonEmptyText(64)
  channel!: string;

  @IsId()
  touchpoint!: string;

  @IsOptional()
  @IsNonEmptyText(128)
  queue?: string;

  @IsOptional()
  @IsId()
  agentId?: string;

  @IsIn(INTERACTION_OUTCOMES, { message: `outcome must be one of ${INTERACTION_OUTCOMES.join(', ')}` })
  outcome!: InteractionOutcome;

  @IsPlausibleInstant()
  startedAt!: string;

  @IsOptional()
  @IsPlausibleInstant()
  endedAt?: string;

  @IsOptional()
  @IsSeconds()
  waitSeconds?: number;

  @IsOptional()
  @IsSeconds()
  holdSeconds?: number;

  @IsOptional()
  @IsSeconds()
  handleSeconds?: number;

  @IsOptional()
  @IsIntIn(0, MAX_TRANSFERS)
  transfers?: number;

  @IsOptional()
  @IsBoolean()
  resolved?: boolean;

  problems(): FieldProblem[] {
    const out: FieldProblem[] = [];
    const started = Date.parse(this.startedAt);
    if (this.endedAt !== undefined) {
      const seconds = (Date.parse(this.endedAt) - started) / 1000;
      if (seconds < 0) out.push({ field: 'endedAt', reason: 'endedAt must not be before startedAt' });
      else if (seconds > MAX_INTERACTION_SECONDS)
        out.push({
          field: 'endedAt',
          reason: `endedAt must be at most ${MAX_INTERACTION_SECONDS} seconds after startedAt`,
        });
      else if (this.waitSeconds !== undefined && this.waitSeconds > seconds + ROUNDING_SECONDS)
        out.push({
          field: 'waitSeconds',
          reason: `waitSeconds must not exceed the interaction's duration (endedAt − startedAt = ${seconds} s)`,
        });
    }
    if (
      this.holdSeconds !== undefined &&
      this.handleSeconds !== undefined &&
      this.holdSeconds > this.handleSeconds
    ) {
      out.push({
        field: 'holdSeconds',
        reason: 'holdSeconds must not exceed handleSeconds (hold time is part of handle time)',
      });
    }
    switch (this.outcome) {
      case 'abandoned':
        for (const f of ['handleSeconds', 'holdSeconds', 'transfers'] as const) {
          if ((this[f] ?? 0) > 0)
            out.push({ field: f, reason: `${f} must be absent or 0 when outcome is abandoned` });
        }
        if (this.resolved === true)
          out.push({ field: 'resolved', reason: 'resolved cannot be true when outcome is abandoned' });
        break;
      case 'transferred':
        if (this.transfers === 0)
          out.push({
            field: 'transfers',
            reason: 'transfers must be at least 1 when outcome is transferred',
          });
        break;
      case 'handled':
        break;
    }
    for (const f of ['customerId', 'queue', 'agentId'] as const) {
      const p = personalDataProblem(f, this[f]);
      if (p) out.push(p);
    }
    return out;
  }
}

/** The same JSON on `cx.interactions.raw.v1`, where no API key says whose it is. */
export class RawInteractionDto extends InteractionDto {
  @IsId()
  tenantId!: string;
}

/** Transfers recorded for an interaction: as sent, else 1 for `transferred` and 0 otherwise. */
export function transfersOf(dto: Pick<InteractionDto, 'outcome' | 'transfers'>): number {
  return dto.transfers ?? (dto.outcome === 'transferred' ? 1 : 0);
}
