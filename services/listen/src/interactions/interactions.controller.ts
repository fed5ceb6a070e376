import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { InteractionDto, IsIntIn } from '@continuum/contracts';
import {
  ApiEndpoint,
  answer,
  found,
  intakeResponse,
  TenantId,
  validBatch,
  type IntakeResponse,
} from '@continuum/platform';
import { InteractionsRepository, type StoredInteraction } from './interactions.repository';
import { InteractionsService } from './interactions.service';
import { DEFAULT_REPEAT_WINDOW_DAYS } from './repeat-contact';
import { byIdEndpoint, intakeEndpoint } from '../openapi';
import {
  INTERACTION_BODY,
  INTERACTION_EXAMPLE,
  INTERACTION_SETTINGS,
  INTERACTION_VIEW,
  INTERACTION_VIEW_EXAMPLE,
} from './interactions.openapi';

export const MAX_BATCH = 1000;

const SETTINGS_EXAMPLE = { repeatContactWindowDays: 7 };

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
  @ApiEndpoint(
    intakeEndpoint(
      'Submit contact-centre interactions (one, or an array of up to 1,000)',
      'Recorded with derived signals (repeat contact, first-contact resolution) and published on `cx.interaction.recorded.v1`. A batch is all-or-nothing on validation.',
      INTERACTION_BODY,
      INTERACTION_EXAMPLE,
    ),
  )
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(@TenantId() tenantId: string, @Body() body: unknown): Promise<IntakeResponse> {
    const dtos = validBatch(InteractionDto, body, MAX_BATCH);
    return intakeResponse(body, await this.interactions.record(dtos.map((dto) => ({ tenantId, dto }))));
  }

  /** As recorded, with its current derived signals and how many times they were revised. */
  @Get(':id')
  @ApiEndpoint(
    byIdEndpoint(
      'One interaction with its current derived signals',
      answer('The interaction.', INTERACTION_VIEW, INTERACTION_VIEW_EXAMPLE),
    ),
  )
  async get(@TenantId() tenantId: string, @Param('id') id: string): Promise<PublicInteraction> {
    return toPublic(found(await this.repo.findOne(tenantId, id), `no interaction ${id}`));
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
    response: answer('The settings (defaults until set).', INTERACTION_SETTINGS, SETTINGS_EXAMPLE),
  })
  async get(@TenantId() tenantId: string): Promise<InteractionSettingsDto> {
    return { repeatContactWindowDays: (await this.repo.window(tenantId)) ?? DEFAULT_REPEAT_WINDOW_DAYS };
  }

  @Put()
  @ApiEndpoint({
    summary: 'Set the repeat-contact window',
    permission: 'admin',
    body: { schema: INTERACTION_SETTINGS, example: SETTINGS_EXAMPLE },
    response: answer('The settings now in force.', INTERACTION_SETTINGS, SETTINGS_EXAMPLE),
  })
  async put(
    @TenantId() tenantId: string,
    @Body() body: InteractionSettingsDto,
  ): Promise<InteractionSettingsDto> {
    await this.repo.setWindow(tenantId, body.repeatContactWindowDays);
    return { repeatContactWindowDays: body.repeatContactWindowDays };
  }
}
