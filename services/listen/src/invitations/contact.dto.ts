import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsStringMap, SURVEY_LANGUAGES, type SurveyLanguage } from '@continuum/contracts';

/** How a customer may be surveyed after an interaction: where, in which language, and whether at all. */
export class CustomerContactDto {
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  @IsString()
  email?: string;

  @IsOptional()
  @IsIn(SURVEY_LANGUAGES, { message: `language must be one of ${SURVEY_LANGUAGES.join(', ')}` })
  language?: SurveyLanguage;

  /** The customer agreed to be asked for feedback. */
  @IsBoolean()
  consentToSurvey!: boolean;

  @IsOptional()
  @IsStringMap(20, 100)
  segment?: Record<string, string>;
}
