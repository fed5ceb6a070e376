import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ActionStatus, ActionView } from '@continuum/contracts';
import { ProblemException, TenantId } from '@continuum/platform';
import { ActionsRepository, type HistoryEntry } from './actions.repository';

const STATUSES: ActionStatus[] = ['open', 'acknowledged', 'resolved', 'verified', 'reopened', 'cancelled'];

class ListActionsQuery {
  @IsOptional()
  @IsIn(STATUSES)
  status?: ActionStatus;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  owner?: string;

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

@Controller('v1/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsRepository) {}

  @Get()
  async list(@TenantId() tenantId: string, @Query() q: ListActionsQuery): Promise<{ items: ActionView[] }> {
    const items = await this.actions.list(tenantId, {
      status: q.status,
      owner: q.owner,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    return { items };
  }

  @Get(':id')
  async get(
    @TenantId() tenantId: string,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
  ): Promise<ActionView & { history: HistoryEntry[] }> {
    const a = await this.actions.findOne(tenantId, id);
    if (!a) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no action ${id}`);
    return { ...a, history: await this.actions.history(a.id) };
  }
}
