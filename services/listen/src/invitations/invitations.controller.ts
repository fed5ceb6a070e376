import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { BRIEF_ID_MESSAGE, ID, InvitationDto, IsOptionalInstant } from '@continuum/contracts';
import {
  answer,
  ApiEndpoint,
  checkedId,
  found,
  instantParam,
  TenantId,
  validBatch,
  validBody,
  ValidationProblem,
} from '@continuum/platform';
import { ContactPolicyService } from '../contact-policy/contact-policy.service';
import { oneOrMany } from '../openapi';
import {
  CONTACT_BODY,
  CONTACT_VIEW,
  INVITATION_BODY,
  INVITATION_RESPONSE,
  INVITATION_SKIPS,
  INVITATION_VIEW,
} from './invitations.openapi';
import { CustomerContactDto } from './contact.dto';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

class PeriodQuery {
  @IsOptionalInstant()
  since?: string;

  @IsOptionalInstant()
  until?: string;
}

const DAY = 86_400_000;

const checkId = (name: string, id: string) => checkedId(name, id, BRIEF_ID_MESSAGE);

const CONTACT_EXAMPLE = {
  email: 'ada@example.com',
  language: 'it',
  consentToSurvey: true,
  segment: { plan: 'fibra' },
};

@Controller('v1')
export class InvitationsController {
  constructor(
    private readonly policy: ContactPolicyService,
    private readonly sender: InvitationsService,
    private readonly repo: InvitationsRepository,
  ) {}

  /** Invitations sent (one or an array of up to 1,000); a resent id is a duplicate. */
  @Post('invitations')
  @ApiEndpoint({
    summary: 'Survey invitations, judged by the contact policy (one, or an array of up to 1,000)',
    description:
      "Each is checked against the customer's contact policy (overall, per channel, per segment): `recorded` when it may go out (it then counts as a contact), `skipped` with the reason when it may not (do not send it; counted at `GET /v1/invitations/skipped`). A resent id is a duplicate.",
    permission: 'ingest',
    body: {
      schema: oneOrMany(INVITATION_BODY),
      example: {
        id: 'inv-1',
        customerId: 'c-7',
        channel: 'email',
        touchpoint: 'agent-call',
        address: 'ada@example.com',
        language: 'it',
      },
    },
    response: {
      status: 202,
      description: 'One `{id, status}` for an object; `{items}` for an array.',
      schema: INVITATION_RESPONSE,
      example: { id: 'inv-1', status: 'recorded' },
    },
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async invitations(@TenantId() tenantId: string, @Body() body: unknown) {
    const items = await this.sender.request(
      tenantId,
      validBatch(InvitationDto, body, 1000),
      Array.isArray(body),
    );
    return Array.isArray(body) ? { items } : items[0];
  }

  @Get('invitations/skipped')
  @ApiEndpoint({
    summary: 'Invitations the contact policy kept from going out, counted by reason',
    query: [
      instantParam('since', 'From this instant (default: 30 days before `until`).'),
      instantParam('until', 'Before this instant (default: now).'),
    ],
    response: {
      status: 200,
      description: 'Counts by reason, channel and touchpoint.',
      schema: INVITATION_SKIPS,
      example: {
        since: '2026-02-01T00:00:00.000Z',
        until: '2026-03-03T00:00:00.000Z',
        total: 3,
        items: [{ reason: 'policy:channel', channel: 'email', touchpoint: 'agent-call', count: 3 }],
      },
    },
  })
  skipped(@TenantId() tenantId: string, @Query() q: PeriodQuery) {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - 30 * DAY);
    if (since.getTime() > until.getTime())
      throw new ValidationProblem([{ field: 'since', reason: 'since must not be after until' }]);
    return this.policy.skipped(tenantId, since, until);
  }

  @Get('invitations/:id')
  @ApiEndpoint({
    summary: 'An invitation Continuum sends: its survey, schedule and delivery (sent, bounced)',
    path: [{ name: 'id', schema: ID }],
    response: {
      status: 200,
      description: 'The invitation (its address is not shown).',
      schema: INVITATION_VIEW,
      example: {
        id: 'inv-1',
        channel: 'email',
        touchpoint: 'agent-call',
        survey: 'after-call',
        surveyVersion: 1,
        language: 'it',
        status: 'bounced',
        sendAfter: '2026-03-02T09:15:00.000Z',
        sentAt: null,
        expiresAt: '2026-03-09T09:15:00.000Z',
        attempts: 1,
        lastError: '550 mailbox unavailable',
      },
    },
    problems: [404],
    problemNotes: { 404: 'No invitation Continuum sends has this id' },
  })
  async invitation(@TenantId() tenantId: string, @Param('id') id: string) {
    checkId('id', id);
    return found(await this.repo.find(tenantId, id), `no invitation ${id}`);
  }

  @Put('contacts/:customerId')
  @ApiEndpoint({
    summary: "A customer's survey contact: e-mail, language, consent to be surveyed",
    description: 'Invitations after an interaction go only to customers who consented, at this address.',
    permission: 'ingest',
    path: [{ name: 'customerId', schema: ID }],
    body: { schema: CONTACT_BODY, example: CONTACT_EXAMPLE },
    response: answer('The contact as stored.', CONTACT_VIEW, { customerId: 'c-7', ...CONTACT_EXAMPLE }),
  })
  async putContact(
    @TenantId() tenantId: string,
    @Param('customerId') customerId: string,
    @Body() body: unknown,
  ) {
    checkId('customerId', customerId);
    const v = validBody(CustomerContactDto, body);
    const c = {
      email: v.email ?? null,
      language: v.language ?? null,
      consentToSurvey: v.consentToSurvey,
      segment: v.segment ?? null,
    };
    await this.repo.saveContact(tenantId, customerId, c);
    return { customerId, ...c };
  }

  @Get('contacts/:customerId')
  @ApiEndpoint({
    summary: "A customer's survey contact",
    permission: 'read:customers',
    path: [{ name: 'customerId', schema: ID }],
    response: answer('The contact.', CONTACT_VIEW, { customerId: 'c-7', ...CONTACT_EXAMPLE, segment: null }),
    problems: [404],
    problemNotes: { 404: 'No contact is known for the customer' },
  })
  async contact(@TenantId() tenantId: string, @Param('customerId') customerId: string) {
    checkId('customerId', customerId);
    const c = found(await this.repo.contact(tenantId, customerId), `no contact for customer ${customerId}`);
    return { customerId, ...c };
  }
}
