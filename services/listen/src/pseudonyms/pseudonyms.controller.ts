import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, Stack } from '@continuum/contracts';
import type { AuditActor } from '@continuum/persistence';
import { Actor, answer, ApiEndpoint, TenantId } from '@continuum/platform';
import { TOPIC_ID_MODES, type TopicIdMode } from './pseudonym';
import {
  MAX_IDS,
  PSEUDONYMISE_BODY,
  PSEUDONYMISE_EXAMPLE,
  PSEUDONYMISED,
  PSEUDONYMISED_EXAMPLE,
  RESOLVE_BODY,
  RESOLVE_EXAMPLE,
  RESOLVED,
  RESOLVED_EXAMPLE,
  TOPIC_IDS,
  TOPIC_IDS_EXAMPLE,
} from './pseudonyms.openapi';
import { PseudonymsService } from './pseudonyms.service';

/** 1 to MAX_IDS ids. */
const IsIdList = () =>
  Stack(
    Matches(ID_PATTERN, { each: true, message: ID_MESSAGE }),
    IsString({ each: true }),
    ArrayMaxSize(MAX_IDS),
    ArrayMinSize(1),
    IsArray(),
  );

class ResolveDto {
  @IsIdList()
  pseudonyms!: string[];
}

class PseudonymiseDto {
  @IsIdList()
  customerIds!: string[];
}

class TopicIdsDto {
  @IsIn(TOPIC_ID_MODES)
  customerIdsOnTopics!: TopicIdMode;
}

/**
 * Customer ids on topics (issue 20 item 2): pseudonyms resolved for people allowed to see
 * customers, customer ids pseudonymised to find them in act, and the tenant's opt-in to raw ids.
 */
@Controller('v1/privacy')
export class PseudonymsController {
  constructor(private readonly pseudonyms: PseudonymsService) {}

  @Post('pseudonyms/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiEndpoint({
    summary: 'The customer ids behind pseudonyms on topics and in act',
    description:
      "Events name customers by pseudonym; this answers the tenant's own ids (null for a pseudonym that is not the tenant's, or whose customer was erased).",
    permission: 'read:customers',
    body: { schema: RESOLVE_BODY, example: RESOLVE_EXAMPLE },
    response: answer('One entry per pseudonym, in order.', RESOLVED, RESOLVED_EXAMPLE),
  })
  async resolve(@TenantId() tenantId: string, @Body() body: ResolveDto) {
    const ids = await this.pseudonyms.resolve(tenantId, body.pseudonyms);
    return { customers: body.pseudonyms.map((pseudonym, i) => ({ pseudonym, customerId: ids[i] })) };
  }

  @Post('pseudonyms')
  @HttpCode(HttpStatus.OK)
  @ApiEndpoint({
    summary: "Customer ids' pseudonyms, as events and act name them",
    description:
      "To find a customer's actions in act (`GET /v1/actions?customerId=`) or their events on a topic. Computed, not looked up: an id listen has never seen has a pseudonym too.",
    permission: 'read:customers',
    body: { schema: PSEUDONYMISE_BODY, example: PSEUDONYMISE_EXAMPLE },
    response: answer('One entry per customer id, in order.', PSEUDONYMISED, PSEUDONYMISED_EXAMPLE),
  })
  async pseudonymise(@TenantId() tenantId: string, @Body() body: PseudonymiseDto) {
    const ps = await this.pseudonyms.pseudonyms(tenantId, body.customerIds);
    return { customers: body.customerIds.map((customerId, i) => ({ customerId, pseudonym: ps[i] })) };
  }

  @Get('topic-ids')
  @ApiEndpoint({
    summary: 'How events name customers: pseudonymised (the default) or raw',
    response: answer("The tenant's choice.", TOPIC_IDS, TOPIC_IDS_EXAMPLE),
  })
  async topicIds(@TenantId() tenantId: string) {
    return { customerIdsOnTopics: await this.pseudonyms.mode(tenantId) };
  }

  @Put('topic-ids')
  @ApiEndpoint({
    summary: 'Choose how events name customers',
    description:
      "`raw` lets integrators join topics with their CRM, at a price: an erasure reaches the topics' logs only when each topic's retention has passed. Applies to events published from now on (other instances of listen within seconds); listen keeps the mapping either way, so resolution works for both.",
    permission: 'admin',
    body: { schema: TOPIC_IDS, example: TOPIC_IDS_EXAMPLE },
    response: answer('The choice now in force.', TOPIC_IDS, TOPIC_IDS_EXAMPLE),
  })
  async setTopicIds(@TenantId() tenantId: string, @Actor() actor: AuditActor, @Body() body: TopicIdsDto) {
    const mode = await this.pseudonyms.setMode(tenantId, body.customerIdsOnTopics, actor);
    return { customerIdsOnTopics: mode };
  }
}
