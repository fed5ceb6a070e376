import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ID, InteractionDto, IsIntIn, validateOneOrMany } from '@continuum/contracts';
import {
  ProblemException,
  TenantId,
  ValidationProblem,
  intakeResponse,
  type IntakeResponse,
  ApiEndpoint,
} from '@continuum/platform';
import { InteractionsRepository, type StoredInteraction } from './interactions.repository';
import { InteractionsService } from './interactions.service';
import { DEFAULT_REPEAT_WINDOW_DAYS } from './repeat-contact';
import {
  INTAKE_RESPONSE,
  INTERACTION_BODY,
  INTERACTION_EXAMPLE,
  INTERACTION_SETTINGS,
  INTERACTION_VIEW,
  INTERACTION_VIEW_EXAMPLE,
  oneOrMany,
} from '../openapi';

export const MAX_BATCH = 1000;

type PublicInteraction = Omit<StoredInteraction, 'eventId' | 'interactionId' | 'tenantId'> & { id: string };

function toPublic(i: StoredInteraction): PublicInteraction {
  const { eventId: _e, interactionId, tenantId: _t, ...rest } = i;
  return { id: interactionId, ...rest };
}

@Controller('v1/interactions')
export class InteractionsController {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly repo: InteractionsRepository,
  ) {}

  /** One object or an array of up to 1,000; a batch is all-or-nothing on validation. */
  @Post()
  @ApiEndpoint({
    summary: 'Submit contact-centre interactions (one, or an array of up to 1,000)',
    description:
      'Recorded with derived signals (repeat contact, first-contact resolution) and published on `cx.interaction.recorded.v1`. A batch is all-or-nothing on validation.',
    permission: 'ingest',
    body: { schema: oneOrMany(INTERACTION_BODY), example: INTERACTION_EXAMPLE },
    response: {
      status: 202,
      description: 'Recorded (or recognised as a duplicate).',
      schema: INTAKE_RESPONSE,
      example: { id: 'call-42', status: 'recorded' },
    },
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(@TenantId() tenantId: string, @Body() body: unknown): Promise<IntakeResponse> {
    const v = validateOneOrMany(InteractionDto, body, MAX_BATCH);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const results = await this.interactions.record(v.values.map((dto) => ({ tenantId, dto })));
    return intakeResponse(body, results);
  }

  /** As recorded, with its current derived signals and how many times they were revised. */
  @Get(':id')
  @ApiEndpoint({
    summary: 'One interaction with its current derived signals',
    path: [{ name: 'id', schema: ID, description: "The sender's id." }],
    response: {
      status: 200,
      description: 'The interaction.',
      schema: INTERACTION_VIEW,
      example: INTERACTION_VIEW_EXAMPLE,
    },
    problems: [404],
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<PublicInteraction> {
    const i = await this.repo.findOne(tenantId, id);
    if (!i) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no interaction ${id}`);
    return toPublic(i);
  }
}

export class InteractionSettingsDto {
  /** Days within which a customer's next contact counts as a repeat contact. */
  @IsIntIn(1, 90)
  repeatContactWindowDays!: number;
}

/**
 * The tenant's interaction settings. Until the journey map carries `repeatContactWindowDays`
 * into listen, this is where the window is set; it applies to contacts derived from then on.
 */
@Controller('v1/interaction-settings')
export class InteractionSettingsController {
  constructor(private readonly repo: InteractionsRepository) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's interaction settings",
    response: {
      status: 200,
      description: 'The settings (defaults until set).',
      schema: INTERACTION_SETTINGS,
      example: { repeatContactWindowDays: 7 },
    },
  })
  async get(@TenantId() tenantId: string): Promise<InteractionSettingsDto> {
    return { repeatContactWindowDays: (await this.repo.window(tenantId)) ?? DEFAULT_REPEAT_WINDOW_DAYS };
  }

  @Put()
  @ApiEndpoint({
    summary: 'Set the repeat-contact window',
    permission: 'admin',
    body: { schema: INTERACTION_SETTINGS, example: { repeatContactWindowDays: 7 } },
    response: {
      status: 200,
      description: 'The settings now in force.',
      schema: INTERACTION_SETTINGS,
      example: { repeatContactWindowDays: 7 },
    },
  })
  async put(
    @TenantId() tenantId: string,
    @Body() body: InteractionSettingsDto,
  ): Promise<InteractionSettingsDto> {
    await this.repo.setWindow(tenantId, body.repeatContactWindowDays);
    return { repeatContactWindowDays: body.repeatContactWindowDays };
  }
}
