import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, Matches, Min } from 'class-validator';
import {
  ACTION_LOOPS,
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  IsOptionalInstant,
  IsOptionalInt,
  IsOptionalText,
  NoteDto,
  type ActionLoop,
  type ActionPriority,
  type ActionStatus,
  type ActionView,
} from '@continuum/contracts';
import type { AuditActor } from '@continuum/persistence';
import {
  Actor,
  answer,
  ApiEndpoint,
  callerId,
  callerName,
  callerReaches,
  CurrentCaller,
  found,
  instantParam,
  limitParam,
  ProblemException,
  TenantId,
  ValidationProblem,
  type Caller,
} from '@continuum/platform';
import { ActionsRepository, type HistoryEntry, type VerificationView } from './actions.repository';
import { ActionsService, WRITEBACK_COMMANDS, type WritebackCommand, type Worker } from './actions.service';
import { effectivenessReport } from './effectiveness';
import { COMMANDS, type Command } from './lifecycle';
import {
  ACTION_DETAIL,
  ACTION_DETAIL_EXAMPLE,
  ACTION_EXAMPLE,
  ACTION_VIEW,
  ACTIONS_PAGE,
  EFFECTIVENESS_EXAMPLE,
  EFFECTIVENESS_VIEW,
  HISTORY_ENTRY,
  HISTORY_ENTRY_EXAMPLE,
  NOTE_BODY,
  NOTE_EXAMPLE,
  TRANSITION_BODY,
  WRITEBACK_BODY,
} from './actions.openapi';

const STATUSES = ACTION_STATUSES;
const PRIORITIES = ACTION_PRIORITIES;

class ListActionsQuery {
  @IsOptional()
  @IsIn(STATUSES)
  status?: ActionStatus;

  @IsOptionalText(100)
  owner?: string;

  @IsOptionalText(128)
  stage?: string;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: ActionPriority;

  @IsOptional()
  @IsIn(ACTION_LOOPS)
  loop?: ActionLoop;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @IsOptionalInt(1, 500)
  limit?: number;

  @IsOptionalInt(0)
  offset?: number;
}

class EffectivenessQuery {
  @IsOptionalInstant()
  since?: string;

  @IsOptionalInstant()
  until?: string;
}

class TransitionDto {
  /** Ignored (still accepted for old clients): the history names the authenticated caller. */
  @IsOptional()
  @Matches(/^[^\s\p{Cc}][^\p{Cc}]{0,99}$/u, { message: 'actor must be 1–100 printable characters' })
  actor?: string;

  @IsOptionalText(4000)
  comment?: string;

  @IsOptionalText(100)
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

class WritebackDto extends TransitionDto {
  /** The ticket tool's event id; the `Idempotency-Key` header wins when both are sent. */
  @IsOptionalText(200)
  eventId?: string;
}

/** The caller as the one working an action: never what a request body claims. */
function worker(caller: Caller, audit: AuditActor): Worker {
  return {
    id: callerId(caller),
    name: callerName(caller),
    may: (permission, owner) => callerReaches(caller, permission, owner),
    audit,
  };
}

/** A 404 for a command the route does not know, naming those it does. */
function knownCommand(command: string, known: readonly string[]): void {
  if (!known.includes(command))
    throw new ProblemException(
      HttpStatus.NOT_FOUND,
      'Not found',
      `no command ${command}: use one of ${known.join(', ')}`,
    );
}

/** What a transition body asks to record with the change. */
function changeOf(body: TransitionDto) {
  return { comment: body.comment ?? null, rootCause: body.rootCause, effort: body.effort, cost: body.cost };
}

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const ACTION_ID = [{ name: 'id', schema: { type: 'string', format: 'uuid' } }];
const NO_SUCH_ACTION = {
  problems: [404],
  problemNotes: { 404: 'No such action (or the id is not a UUID)' },
} as const;

@Controller('v1/actions')
export class ActionsController {
  constructor(
    private readonly actions: ActionsRepository,
    private readonly service: ActionsService,
  ) {}

  @Get()
  @ApiEndpoint({
    summary: 'Actions, newest first, filtered and paged',
    query: [
      { name: 'status', schema: { enum: STATUSES } },
      { name: 'owner', schema: { type: 'string', maxLength: 100 } },
      { name: 'stage', schema: { type: 'string', maxLength: 128 } },
      { name: 'priority', schema: { enum: PRIORITIES } },
      {
        name: 'loop',
        schema: { enum: ACTION_LOOPS },
        description: 'inner: follow-ups; outer: from gaps.',
      },
      { name: 'overdue', schema: { type: 'boolean' }, description: 'Only actions past their due time.' },
      limitParam(50),
      { name: 'offset', schema: { type: 'integer', minimum: 0, default: 0 } },
    ],
    response: answer('A page of actions and the total.', ACTIONS_PAGE, {
      items: [ACTION_EXAMPLE],
      total: 1,
      limit: 50,
      offset: 0,
    }),
  })
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
  @ApiEndpoint({
    summary: 'Did the actions work? Closure rate, time to verified closure, points per effort and cost',
    query: [instantParam('since', 'Default: a year before `until`.'), instantParam('until', 'Default: now.')],
    response: answer(
      'Overall and by owner, category and indicator.',
      EFFECTIVENESS_VIEW,
      EFFECTIVENESS_EXAMPLE,
    ),
  })
  async effectiveness(@TenantId() tenantId: string, @Query() q: EffectivenessQuery) {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - 365 * 24 * 3600_000);
    if (since >= until)
      throw new ValidationProblem([{ field: 'since', reason: 'since must be before until' }]);
    const rows = await this.actions.outcomes(tenantId, since, until);
    return { since: since.toISOString(), until: until.toISOString(), ...effectivenessReport(rows) };
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'One action with its history, evidence and verifications',
    path: ACTION_ID,
    response: answer('The action.', ACTION_DETAIL, ACTION_DETAIL_EXAMPLE),
    ...NO_SUCH_ACTION,
  })
  async get(
    @TenantId() tenantId: string,
    @Param('id', uuid) id: string,
  ): Promise<
    ActionView & { history: HistoryEntry[]; evidence: string[]; verifications: VerificationView[] }
  > {
    const a = found(await this.actions.findOne(tenantId, id), `no action ${id}`);
    const [history, evidence, verifications] = await Promise.all([
      this.actions.history(a.id),
      this.actions.evidence(a.id),
      this.actions.verifications(a.id),
    ]);
    return { ...a, history, evidence, verifications };
  }

  /** Declared before `:id/:command` so `notes` is not taken for a command. */
  @Post(':id/notes')
  @ApiEndpoint({
    summary: "Add a note to an action's history",
    description: 'Agents add notes to their teams’ actions; managers and admins to any. Audited.',
    permission: 'act',
    path: ACTION_ID,
    body: { schema: NOTE_BODY, example: NOTE_EXAMPLE },
    response: answer('The history entry, naming its author.', HISTORY_ENTRY, HISTORY_ENTRY_EXAMPLE, 201),
    ...NO_SUCH_ACTION,
  })
  note(
    @TenantId() tenantId: string,
    @CurrentCaller() caller: Caller,
    @Actor() actor: AuditActor,
    @Param('id', uuid) id: string,
    @Body() body: NoteDto,
  ): Promise<HistoryEntry> {
    return this.service.note(tenantId, id, body.text, worker(caller, actor));
  }

  /**
   * A ticket tool's automation moves the action when its ticket moves. Declared before
   * `:id/:command` for readability; the paths differ in length, so neither takes the other's.
   */
  @Post('by-ref/:externalRef/:command')
  @ApiEndpoint({
    summary: "Move an action by its ticket's key (a ticket tool's write-back)",
    description:
      "acknowledge, resolve or reopen the action whose `externalRef` is the ticket's key. Idempotent by the tool's event id (`Idempotency-Key` header or `eventId`): a repeated event answers what the first one did and changes nothing. A command finding the action already where it would take it answers the action unchanged.",
    permission: 'act',
    path: [
      { name: 'externalRef', schema: { type: 'string', maxLength: 200 } },
      { name: 'command', schema: { enum: [...WRITEBACK_COMMANDS] } },
    ],
    body: {
      schema: WRITEBACK_BODY,
      example: { comment: 'Done in Jira by Ada Lovelace', eventId: 'jira:10042:1733390000' },
    },
    response: {
      status: 200,
      description: 'The action after the change (or as it was, for a repeated event).',
      schema: ACTION_VIEW,
      example: ACTION_EXAMPLE,
      headers: {
        'Idempotent-Replayed': {
          description: '`true` when the event id was seen before and nothing changed.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
    },
    problems: [404, 409],
    problemNotes: {
      404: 'No action has this externalRef, or no such command',
      409: 'The command is not allowed in the action’s status (`actionStatus`)',
    },
  })
  @HttpCode(200)
  async changeByRef(
    @TenantId() tenantId: string,
    @CurrentCaller() caller: Caller,
    @Actor() actor: AuditActor,
    @Param('externalRef') externalRef: string,
    @Param('command') command: string,
    @Body() body: WritebackDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<ActionView> {
    knownCommand(command, WRITEBACK_COMMANDS);
    if (externalRef.length > 200)
      throw new ValidationProblem([{ field: 'externalRef', reason: 'must be at most 200 characters' }]);
    const eventId = idempotencyKey ?? body.eventId ?? null;
    if (eventId !== null && (eventId.length === 0 || eventId.length > 200))
      throw new ValidationProblem([{ field: 'eventId', reason: 'must be 1–200 characters' }]);
    const { action, replayed } = await this.service.applyByRef(
      tenantId,
      externalRef,
      command as WritebackCommand,
      changeOf(body),
      worker(caller, actor),
      eventId,
    );
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return action;
  }

  @Post(':id/:command')
  @ApiEndpoint({
    summary: 'Move an action through its lifecycle',
    description:
      'acknowledge (open → acknowledged), resolve, reopen, cancel. A resolved action from a gap is verified by later cycles.',
    permission: 'act',
    path: [
      { name: 'id', schema: { type: 'string', format: 'uuid' } },
      { name: 'command', schema: { enum: [...COMMANDS] } },
    ],
    body: {
      schema: TRANSITION_BODY,
      example: { comment: 'Called back, refund issued', rootCause: 'billing-error' },
    },
    response: answer('The action after the change.', ACTION_VIEW, ACTION_EXAMPLE),
    problems: [404, 409],
    problemNotes: {
      404: 'No such action or command',
      409: 'The command is not allowed in the action’s status (`actionStatus`)',
    },
    problemExamples: {
      409: {
        title: 'Conflict',
        detail:
          'cannot acknowledge an action that is acknowledged: acknowledge applies to actions that are open, reopened.',
        extra: { actionStatus: 'acknowledged' },
      },
    },
  })
  @HttpCode(200)
  async change(
    @TenantId() tenantId: string,
    @CurrentCaller() caller: Caller,
    @Actor() actor: AuditActor,
    @Param('id', uuid) id: string,
    @Param('command') command: string,
    @Body() body: TransitionDto,
  ): Promise<ActionView> {
    knownCommand(command, COMMANDS);
    return this.service.apply(tenantId, id, command as Command, changeOf(body), worker(caller, actor));
  }
}
