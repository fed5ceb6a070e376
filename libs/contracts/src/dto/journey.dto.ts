import { IsIn, IsNumber, IsOptional } from 'class-validator';
import { CYCLE_LENGTHS, SCOPE_KINDS, type CycleLength, type ScopeKind } from '../events';
import { IsIntIn, IsNested, IsNestedList, IsText } from './decorators';
import { BRIEF_ID_MESSAGE, IsId } from './feedback.dto';

export class JourneyStageDto {
  @IsId(BRIEF_ID_MESSAGE)
  id!: string;

  @IsText(200)
  name!: string;

  @IsOptional()
  @IsText(100)
  owner?: string;
}

export class JourneyTouchpointDto {
  @IsId(BRIEF_ID_MESSAGE)
  id!: string;

  @IsText(200)
  name!: string;

  @IsId(BRIEF_ID_MESSAGE)
  stage!: string;

  @IsOptional()
  @IsText(64)
  channel?: string;

  @IsOptional()
  @IsText(100)
  owner?: string;
}

export class JourneyTeamDto {
  @IsText(100)
  name!: string;

  @IsOptional()
  @IsText(200)
  contact?: string;
}

export class JourneyScopeDto {
  @IsIn(SCOPE_KINDS)
  kind!: ScopeKind;

  @IsText(200)
  id!: string;
}

export class JourneyTargetDto {
  @IsNested(() => JourneyScopeDto)
  scope!: JourneyScopeDto;

  /** A definition id (`nps/v1`) or its short name (`nps`, `csat`, `ces`, `abandonment`…). */
  @IsText(64)
  indicator!: string;

  @IsIn(['>=', '<='])
  op!: '>=' | '<=';

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;
}

/** The journey map of a tenant (the Map step): what `PUT /v1/journey` takes. */
export class JourneyDto {
  @IsNestedList(() => JourneyStageDto, 50, 1)
  stages!: JourneyStageDto[];

  @IsNestedList(() => JourneyTouchpointDto, 1000)
  touchpoints!: JourneyTouchpointDto[];

  @IsOptional()
  @IsNestedList(() => JourneyTeamDto, 200)
  teams?: JourneyTeamDto[];

  @IsOptional()
  @IsNestedList(() => JourneyTargetDto, 1000)
  targets?: JourneyTargetDto[];

  @IsOptional()
  @IsIn(CYCLE_LENGTHS)
  cycle?: CycleLength;

  @IsOptional()
  @IsText(64)
  timeZone?: string;

  @IsOptional()
  @IsIntIn(1, 90)
  repeatContactWindowDays?: number;
}
