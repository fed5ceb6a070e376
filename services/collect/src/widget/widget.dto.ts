import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsUUID, Min } from 'class-validator';
import {
  BRIEF_ID_MESSAGE,
  IsId,
  IsOptionalText,
  SURVEY_LANGUAGES,
  type SurveyLanguage,
} from '@continuum/contracts';

/** `POST /widget/v1/form`: the survey a touchpoint shows, in one language. */
export class WidgetFormDto {
  @IsId(BRIEF_ID_MESSAGE)
  touchpoint!: string;

  @IsIn(SURVEY_LANGUAGES, { message: `lang must be one of ${SURVEY_LANGUAGES.join(', ')}` })
  lang!: SurveyLanguage;
}

/** `POST /widget/v1/answers`: one answer, idempotent by the id the browser made for it. */
export class WidgetAnswerDto extends WidgetFormDto {
  @IsUUID('all', { message: 'submissionId must be a UUID the widget generated for this answer' })
  submissionId!: string;

  @IsId(BRIEF_ID_MESSAGE)
  survey!: string;

  @Type(() => Number)
  @IsInt({ message: 'version must be the survey version the form showed' })
  @Min(1)
  version!: number;

  /** A number (NPS, CSAT, CES) or an emoji word; checked against the survey's question. */
  @IsDefined({ message: 'score is required' })
  score!: number | string;

  @IsOptionalText(5000)
  comment?: string;
}
