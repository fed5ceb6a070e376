import { IsOptional } from 'class-validator';
import { IsIntIn, IsNestedList, IsStringMap, IsText } from '@continuum/contracts';

export class ContactRuleDto {
  @IsIntIn(1, 100)
  max!: number;

  @IsIntIn(1, 365)
  windowDays!: number;

  /** A channel, or `*` for "each channel separately". */
  @IsOptional()
  @IsText(64)
  channel?: string;

  @IsOptional()
  @IsStringMap(10, 100)
  segment?: Record<string, string>;
}

export class ContactPolicyDto {
  @IsNestedList(() => ContactRuleDto, 20)
  rules!: ContactRuleDto[];
}
