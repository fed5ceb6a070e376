/**
 * Surveys as data: what a tenant asks, where and in which words. One main question (NPS, CSAT,
 * CES or emoji), an optional comment, optional reason chips from the tenant's themes, Italian and
 * English texts, and when to ask (the trigger). Validated as a whole; every bad field is named.
 */
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { INTERACTION_OUTCOMES } from '../events';
import { IsIntIn, IsNested, Stack } from './decorators';
import { BRIEF_ID_MESSAGE, ID_PATTERN } from './feedback.dto';

/** A list of ids, of at least `min` and at most `max`. */
const IsIdList = (min: number, max: number) =>
  Stack(
    ArrayMaxSize(max),
    ArrayMinSize(min),
    Matches(ID_PATTERN, { each: true, message: BRIEF_ID_MESSAGE }),
    IsString({ each: true }),
    IsArray(),
  );

export const SURVEY_QUESTION_TYPES = ['nps', 'csat', 'ces', 'emoji'] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

export const SURVEY_CHANNELS = ['email'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const IsSurveyText = () => Stack(MaxLength(500), IsNotEmpty(), IsString());

/** A text in both languages a survey page speaks. */
export class SurveyTextDto {
  @IsSurveyText()
  it!: string;

  @IsSurveyText()
  en!: string;
}

export class SurveyQuestionDto {
  @IsIn(SURVEY_QUESTION_TYPES, { message: `type must be one of ${SURVEY_QUESTION_TYPES.join(', ')}` })
  type!: SurveyQuestionType;

  @IsNested(() => SurveyTextDto)
  text!: SurveyTextDto;
}

export class SurveyCommentDto {
  @IsNested(() => SurveyTextDto)
  text!: SurveyTextDto;

  /** At most this many characters (default and ceiling: 1,000). */
  @IsOptional()
  @IsIntIn(1, 1000)
  maxLength?: number;
}

export class SurveyReasonsDto {
  @IsNested(() => SurveyTextDto)
  text!: SurveyTextDto;

  /** Theme ids of the tenant's taxonomy, shown as chips with the themes' labels. */
  @IsIdList(1, 12)
  themes!: string[];
}

export class SurveyQuietHoursDto {
  /** Local time (the journey's time zone) from which no invitation goes out, `HH:MM`. */
  @Matches(HH_MM, { message: 'from must be a time of day as HH:MM' })
  @IsString()
  from!: string;

  @Matches(HH_MM, { message: 'to must be a time of day as HH:MM' })
  @IsString()
  to!: string;
}

export class SurveyTriggerDto {
  /** Share of eligible interactions that get an invitation (default 1). */
  @IsOptional()
  @Max(1)
  @Min(0)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  sampling?: number;

  /** How long after the interaction the invitation goes out (default 0). */
  @IsOptional()
  @IsIntIn(0, 7 * 24 * 60)
  delayMinutes?: number;

  @IsOptional()
  @IsNested(() => SurveyQuietHoursDto)
  quietHours?: SurveyQuietHoursDto;

  /** Only interactions with these outcomes (default: handled). */
  @IsOptional()
  @ArrayMaxSize(3)
  @IsIn(INTERACTION_OUTCOMES, {
    each: true,
    message: 'outcomes must be handled, abandoned or transferred',
  })
  @IsArray()
  outcomes?: string[];
}

export class SurveyInvitationTextDto {
  @IsNested(() => SurveyTextDto)
  subject!: SurveyTextDto;

  @IsNested(() => SurveyTextDto)
  intro!: SurveyTextDto;
}

export class SurveyDto {
  /** The touchpoints whose interactions this survey follows (one survey per touchpoint). */
  @IsIdList(1, 50)
  touchpoints!: string[];

  @IsNested(() => SurveyQuestionDto)
  question!: SurveyQuestionDto;

  @IsOptional()
  @IsNested(() => SurveyCommentDto)
  comment?: SurveyCommentDto;

  @IsOptional()
  @IsNested(() => SurveyReasonsDto)
  reasons?: SurveyReasonsDto;

  @IsNested(() => SurveyTextDto)
  thankYou!: SurveyTextDto;

  @IsNested(() => SurveyInvitationTextDto)
  invitation!: SurveyInvitationTextDto;

  /** Channel of invitations sent after an interaction. */
  @IsOptional()
  @IsIn(SURVEY_CHANNELS, { message: `channel must be one of ${SURVEY_CHANNELS.join(', ')}` })
  channel?: SurveyChannel;

  @IsOptional()
  @IsNested(() => SurveyTriggerDto)
  trigger?: SurveyTriggerDto;

  /** Links expire this many days after the invitation (default 7). */
  @IsOptional()
  @IsIntIn(1, 60)
  expiresAfterDays?: number;

  /** Paused surveys send nothing and answer no page. */
  @IsOptional()
  @IsBoolean()
  paused?: boolean;
}

export interface SurveyText {
  readonly it: string;
  readonly en: string;
}

/** A survey as stored and served: the definition with defaults filled in and chips resolved. */
export interface SurveyV1 {
  readonly id: string;
  readonly version: number;
  readonly touchpoints: readonly string[];
  readonly question: { readonly type: SurveyQuestionType; readonly text: SurveyText };
  readonly comment: { readonly text: SurveyText; readonly maxLength: number } | null;
  readonly reasons: {
    readonly text: SurveyText;
    readonly chips: readonly { readonly id: string; readonly label: SurveyText }[];
  } | null;
  readonly thankYou: SurveyText;
  readonly invitation: { readonly subject: SurveyText; readonly intro: SurveyText };
  readonly channel: SurveyChannel;
  readonly trigger: {
    readonly sampling: number;
    readonly delayMinutes: number;
    readonly quietHours: { readonly from: string; readonly to: string } | null;
    readonly outcomes: readonly string[];
  };
  readonly expiresAfterDays: number;
  readonly paused: boolean;
  readonly updatedAt: string;
}
