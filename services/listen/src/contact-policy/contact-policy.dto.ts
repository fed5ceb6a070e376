import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsStringMap } from '@continuum/contracts';

export class ContactRuleDto {
  @Max(100)
  @Min(1)
  @IsInt()
  max!: number;

  @Max(365)
  @Min(1)
  @IsInt()
  windowDays!: number;

  /** A channel, or `*` for "each channel separately". */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  channel?: string;

  @IsOptional()
  @IsStringMap(10, 100)
  segment?: Record<string, string>;
}

export class ContactPolicyDto {
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ContactRuleDto)
  @IsArray()
  rules!: ContactRuleDto[];
}
