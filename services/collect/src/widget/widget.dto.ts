import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ID_PATTERN, SURVEY_LANGUAGES, type SurveyLanguage } from '@continuum/contracts';

const ID_MESSAGE = '$property must be 1–128 characters: letters, digits and . _ : @ / + -';

/** `POST /widget/v1/form`: the survey a touchpoint shows, in one language. */
export class WidgetFormDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  touchpoint!: string;

  @IsIn(SURVEY_LANGUAGES, { message: `lang must be one of ${SURVEY_LANGUAGES.join(', ')}` })
  lang!: SurveyLanguage;
}

/** `POST /widget/v1/answers`: one answer, idempotent by the id the browser made for it. */
export class WidgetAnswerDto extends WidgetFormDto {
  @IsUUID('all', { message: 'submissionId must be a UUID the widget generated for this answer' })
  submissionId!: string;

  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  survey!: string;

  @Type(() => Number)
  @IsInt({ message: 'version must be the survey version the form showed' })
  @Min(1)
  version!: number;

  /** A number (NPS, CSAT, CES) or an emoji word; checked against the survey's question. */
  @IsDefined({ message: 'score is required' })
  score!: number | string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}
