import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { EmojiScore } from '../events';
import { IsIntIn, IsNonEmptyText, Stack } from './decorators';
import { personalDataProblem, segmentPersonalData } from './personal-data';
import type { FieldProblem, SelfChecking } from './validate';
import { IsPlausibleInstant, IsStringMap, MaxChars } from './validators';

/** Identifiers: printable, no spaces or control characters, so they are safe in keys and URLs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/;
export const ID_MESSAGE =
  '$property must be 1–128 characters: letters, digits and . _ : @ / + -, starting with a letter or digit';
/** The shorter wording surveys, journey maps and the widget answer with. */
export const BRIEF_ID_MESSAGE = '$property must be 1–128 characters: letters, digits and . _ : @ / + -';

/** An identifier (ID_PATTERN). */
export const IsId = (message = ID_MESSAGE) => Stack(Matches(ID_PATTERN, { message }), IsString());

/** Emoji reactions, as emoji or words, on a 1–5 scale. */
export const EMOJI_SCORES: Readonly<Record<string, EmojiScore>> = {
  '😡': 1,
  angry: 1,
  '🙁': 2,
  sad: 2,
  '😐': 3,
  neutral: 3,
  '🙂': 4,
  happy: 4,
  '😍': 5,
  love: 5,
};

export const MAX_COMMENT_LENGTH = 5000;

const SCORED = ['nps', 'csat', 'ces', 'emoji', 'comment'] as const;

export class FeedbackDto implements SelfChecking {
  @IsId()
  id!: string;

  @IsId()
  touchpoint!: string;

  @IsOptional()
  @IsNonEmptyText(64)
  channel?: string;

  @IsOptional()
  @IsId()
  customerId?: string;

  @IsOptional()
  @IsPlausibleInstant()
  occurredAt?: string;

  @IsOptional()
  @IsIntIn(0, 10)
  nps?: number;

  @IsOptional()
  @IsIntIn(1, 5)
  csat?: number;

  @IsOptional()
  @IsIntIn(1, 7)
  ces?: number;

  @IsOptional()
  @IsIn(Object.keys(EMOJI_SCORES), { message: `emoji must be one of ${Object.keys(EMOJI_SCORES).join(' ')}` })
  emoji?: string;

  @IsOptional()
  @MaxChars(MAX_COMMENT_LENGTH)
  @IsString()
  comment?: string;

  @IsOptional()
  @IsStringMap(20, 100)
  segment?: Record<string, string>;

  @IsOptional()
  @IsBoolean()
  consentToContact?: boolean;

  problems(): FieldProblem[] {
    const out: FieldProblem[] = SCORED.some((k) => this[k] !== undefined && this[k] !== null)
      ? []
      : [{ field: SCORED.join('|'), reason: `feedback must carry at least one of ${SCORED.join(', ')}` }];
    const id = personalDataProblem('customerId', this.customerId);
    if (id) out.push(id);
    return [...out, ...segmentPersonalData(this.segment)];
  }
}

/** The same JSON on `cx.feedback.raw.v1`, where no API key says whose it is. */
export class RawFeedbackDto extends FeedbackDto {
  @IsId()
  tenantId!: string;
}
