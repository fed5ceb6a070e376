/**
 * Surveys as data: what a tenant asks, where and in which words. One main question (NPS, CSAT,
 * CES or emoji), an optional comment, optional reason chips from the tenant's themes, Italian and
 * English texts, and when to ask (the trigger). Validated as a whole; every bad field is named.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INTERACTION_OUTCOMES } from '../events';
import { ID_PATTERN } from './feedback.dto';

const ID_MESSAGE = '$property must be 1–128 characters: letters, digits and . _ : @ / + -';

export const SURVEY_QUESTION_TYPES = ['nps', 'csat', 'ces', 'emoji'] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

export const SURVEY_CHANNELS = ['email'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A text in both languages a survey page speaks. */
export class SurveyTextDto {
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  it!: string;

  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  en!: string;
}

export class SurveyQuestionDto {
  @IsIn(SURVEY_QUESTION_TYPES, { message: `type must be one of ${SURVEY_QUESTION_TYPES.join(', ')}` })
  type!: SurveyQuestionType;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  text!: SurveyTextDto;
}

export class SurveyCommentDto {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  text!: SurveyTextDto;

  /** At most this many characters (default and ceiling: 1,000). */
  @IsOptional()
  @Max(1000)
  @Min(1)
  @IsInt()
  maxLength?: number;
}

export class SurveyReasonsDto {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  text!: SurveyTextDto;

  /** Theme ids of the tenant's taxonomy, shown as chips with the themes' labels. */
  @ArrayMaxSize(12)
  @ArrayMinSize(1)
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  @IsString({ each: true })
  @IsArray()
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
  @Max(7 * 24 * 60)
  @Min(0)
  @IsInt()
  delayMinutes?: number;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyQuietHoursDto)
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
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  subject!: SurveyTextDto;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  intro!: SurveyTextDto;
}

export class SurveyDto {
  /** The touchpoints whose interactions this survey follows (one survey per touchpoint). */
  @ArrayMaxSize(50)
  @ArrayMinSize(1)
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  @IsString({ each: true })
  @IsArray()
  touchpoints!: string[];

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyQuestionDto)
  question!: SurveyQuestionDto;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyCommentDto)
  comment?: SurveyCommentDto;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyReasonsDto)
  reasons?: SurveyReasonsDto;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTextDto)
  thankYou!: SurveyTextDto;

  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyInvitationTextDto)
  invitation!: SurveyInvitationTextDto;

  /** Channel of invitations sent after an interaction. */
  @IsOptional()
  @IsIn(SURVEY_CHANNELS, { message: `channel must be one of ${SURVEY_CHANNELS.join(', ')}` })
  channel?: SurveyChannel;

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SurveyTriggerDto)
  trigger?: SurveyTriggerDto;

  /** Links expire this many days after the invitation (default 7). */
  @IsOptional()
  @Max(60)
  @Min(1)
  @IsInt()
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
