import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { EmojiScore } from '../events';
import { personalDataProblem, segmentPersonalData } from './personal-data';
import type { FieldProblem, SelfChecking } from './validate';
import { IsPlausibleInstant, IsStringMap, MaxChars } from './validators';

/** Identifiers: printable, no spaces or control characters, so they are safe in keys and URLs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/;
export const ID_MESSAGE =
  '$property must be 1–128 characters: letters, digits and . _ : @ / + -, starting with a letter or digit';

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
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  id!: string;

  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  touchpoint!: string;

  @IsOptional()
  @MaxChars(64)
  @IsNotEmpty()
  @IsString()
  channel?: string;

  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  customerId?: string;

  @IsOptional()
  @IsPlausibleInstant()
  occurredAt?: string;

  @IsOptional()
  @Max(10)
  @Min(0)
  @IsInt()
  nps?: number;

  @IsOptional()
  @Max(5)
  @Min(1)
  @IsInt()
  csat?: number;

  @IsOptional()
  @Max(7)
  @Min(1)
  @IsInt()
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
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  tenantId!: string;
}
