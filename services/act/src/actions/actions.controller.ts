import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  type ExecutionContext,
} from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { ActionPriority, ActionStatus, ActionView } from '@continuum/contracts';
import { ProblemException, RequireScope, TenantId, ValidationProblem } from '@continuum/platform';
import { ActionsRepository, type HistoryEntry, type VerificationView } from './actions.repository';
import { ActionsService } from './actions.service';
import { effectivenessReport } from './effectiveness';
import { COMMANDS, type Command } from './lifecycle';

const STATUSES: ActionStatus[] = ['open', 'acknowledged', 'resolved', 'verified', 'reopened', 'cancelled'];
const PRIORITIES: ActionPriority[] = ['low', 'medium', 'high', 'critical'];

class ListActionsQuery {
  @IsOptional()
  @IsIn(STATUSES)
  status?: ActionStatus;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  stage?: string;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: ActionPriority;

  @IsOptional()
  @IsIn(['inner', 'outer'])
  loop?: 'inner' | 'outer';

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

class EffectivenessQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

class TransitionDto {
  /** Who did it; defaults to the API key's prefix. */
  @IsOptional()
  @Matches(/^[^\s\p{Cc}][^\p{Cc}]{0,99}$/u, { message: 'actor must be 1–100 printable characters' })
  actor?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  rootCause?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  effort?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  cost?: number;
}

/** The caller's API key prefix, the default actor of a change. */
const KeyPrefix = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<{ principal?: { keyPrefix: string } }>();
  return req.principal?.keyPrefix ?? 'unknown';
});

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

@Controller('v1/actions')
export class ActionsController {
  constructor(
    private readonly actions: ActionsRepository,
    private readonly service: ActionsService,
  ) {}

  @Get()
  async list(
    @TenantId() tenantId: string,
    @Query() q: ListActionsQuery,
  ): Promise<{ items: ActionView[]; total: number; limit: number; offset: number }> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await this.actions.list(tenantId, { ...q, limit, offset });
    return { ...page, limit, offset };
  }

  /** Declared before `:id` so the path is not taken for an id. */
  @Get('effectiveness')
  async effectiveness(@TenantId() tenantId: string, @Query() q: EffectivenessQuery) {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - 365 * 24 * 3600_000);
    if (since >= until)
      throw new ValidationProblem([{ field: 'since', reason: 'since must be before until' }]);
    const rows = await this.actions.outcomes(tenantId, since, until);
    return { since: since.toISOString(), until: until.toISOString(), ...effectivenessReport(rows) };
  }

  @Get(':id')
  async get(
    @TenantId() tenantId: string,
    @Param('id', uuid) id: string,
  ): Promise<
    ActionView & { history: HistoryEntry[]; evidence: string[]; verifications: VerificationView[] }
  > {
    const a = await this.actions.findOne(tenantId, id);
    if (!a) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no action ${id}`);
    const [history, evidence, verifications] = await Promise.all([
      this.actions.history(a.id),
      this.actions.evidence(a.id),
      this.actions.verifications(a.id),
    ]);
    return { ...a, history, evidence, verifications };
  }

  @Post(':id/:command')
  @RequireScope('admin')
  @HttpCode(200)
  async change(
    @TenantId() tenantId: string,
    @KeyPrefix() keyPrefix: string,
    @Param('id', uuid) id: string,
    @Param('command') command: string,
    @Body() body: TransitionDto,
  ): Promise<ActionView> {
    if (!(COMMANDS as readonly string[]).includes(command)) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Not found',
        `no command ${command}: use one of ${COMMANDS.join(', ')}`,
      );
    }
    return this.service.apply(tenantId, id, command as Command, {
      actor: body.actor ?? `key:${keyPrefix}`,
      comment: body.comment ?? null,
      rootCause: body.rootCause,
      effort: body.effort,
      cost: body.cost,
    });
  }
}
