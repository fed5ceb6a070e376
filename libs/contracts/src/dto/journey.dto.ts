import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
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
import { CYCLE_LENGTHS, SCOPE_KINDS, type CycleLength, type ScopeKind } from '../events';
import { ID_PATTERN } from './feedback.dto';

const ID_MESSAGE = '$property must be 1–128 characters: letters, digits and . _ : @ / + -';

export class JourneyStageDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  id!: string;

  @MaxLength(200)
  @IsString()
  name!: string;

  @IsOptional()
  @MaxLength(100)
  @IsString()
  owner?: string;
}

export class JourneyTouchpointDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  id!: string;

  @MaxLength(200)
  @IsString()
  name!: string;

  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  stage!: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  channel?: string;

  @IsOptional()
  @MaxLength(100)
  @IsString()
  owner?: string;
}

export class JourneyTeamDto {
  @MaxLength(100)
  @IsString()
  name!: string;

  @IsOptional()
  @MaxLength(200)
  @IsString()
  contact?: string;
}

export class JourneyScopeDto {
  @IsIn(SCOPE_KINDS)
  kind!: ScopeKind;

  @MaxLength(200)
  @IsString()
  id!: string;
}

export class JourneyTargetDto {
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => JourneyScopeDto)
  scope!: JourneyScopeDto;

  /** A definition id (`nps/v1`) or its short name (`nps`, `csat`, `ces`, `abandonment`…). */
  @MaxLength(64)
  @IsString()
  indicator!: string;

  @IsIn(['>=', '<='])
  op!: '>=' | '<=';

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;
}

/** The journey map of a tenant (the Map step): what `PUT /v1/journey` takes. */
export class JourneyDto {
  @ArrayMaxSize(50)
  @ArrayMinSize(1)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => JourneyStageDto)
  @IsArray()
  stages!: JourneyStageDto[];

  @ArrayMaxSize(1000)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => JourneyTouchpointDto)
  @IsArray()
  touchpoints!: JourneyTouchpointDto[];

  @IsOptional()
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => JourneyTeamDto)
  @IsArray()
  teams?: JourneyTeamDto[];

  @IsOptional()
  @ArrayMaxSize(1000)
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => JourneyTargetDto)
  @IsArray()
  targets?: JourneyTargetDto[];

  @IsOptional()
  @IsIn(CYCLE_LENGTHS)
  cycle?: CycleLength;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  timeZone?: string;

  @IsOptional()
  @Max(90)
  @Min(1)
  @IsInt()
  repeatContactWindowDays?: number;
}
