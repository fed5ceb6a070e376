import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { IsISO8601, IsOptional } from 'class-validator';
import { ID, ID_PATTERN, InvitationDto, validateOneOrMany, validatePayload } from '@continuum/contracts';
import { ApiEndpoint, ProblemException, TenantId, ValidationProblem } from '@continuum/platform';
import { ContactPolicyService } from '../contact-policy/contact-policy.service';
import {
  CONTACT_BODY,
  CONTACT_VIEW,
  INVITATION_BODY,
  INVITATION_RESPONSE,
  INVITATION_SKIPS,
  INVITATION_VIEW,
  oneOrMany,
} from '../openapi';
import { CustomerContactDto } from './contact.dto';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

class PeriodQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

const DAY = 86_400_000;

function checkId(name: string, id: string): void {
  if (!ID_PATTERN.test(id))
    throw new ValidationProblem([
      { field: name, reason: `${name} must be 1–128 characters: letters, digits and . _ : @ / + -` },
    ]);
}

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
    const v = validateOneOrMany(InvitationDto, body, 1000);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const items = await this.sender.request(tenantId, v.values, Array.isArray(body));
    return Array.isArray(body) ? { items } : items[0];
  }

  @Get('invitations/skipped')
  @ApiEndpoint({
    summary: 'Invitations the contact policy kept from going out, counted by reason',
    query: [
      {
        name: 'since',
        schema: { type: 'string', format: 'date-time' },
        description: 'From this instant (default: 30 days before `until`).',
      },
      {
        name: 'until',
        schema: { type: 'string', format: 'date-time' },
        description: 'Before this instant (default: now).',
      },
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
    const found = await this.repo.find(tenantId, id);
    if (!found) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no invitation ${id}`);
    return found;
  }

  @Put('contacts/:customerId')
  @ApiEndpoint({
    summary: "A customer's survey contact: e-mail, language, consent to be surveyed",
    description: 'Invitations after an interaction go only to customers who consented, at this address.',
    permission: 'ingest',
    path: [{ name: 'customerId', schema: ID }],
    body: {
      schema: CONTACT_BODY,
      example: {
        email: 'ada@example.com',
        language: 'it',
        consentToSurvey: true,
        segment: { plan: 'fibra' },
      },
    },
    response: {
      status: 200,
      description: 'The contact as stored.',
      schema: CONTACT_VIEW,
      example: {
        customerId: 'c-7',
        email: 'ada@example.com',
        language: 'it',
        consentToSurvey: true,
        segment: { plan: 'fibra' },
      },
    },
  })
  async putContact(
    @TenantId() tenantId: string,
    @Param('customerId') customerId: string,
    @Body() body: unknown,
  ) {
    checkId('customerId', customerId);
    const v = validatePayload(CustomerContactDto, body);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const c = {
      email: v.value.email ?? null,
      language: v.value.language ?? null,
      consentToSurvey: v.value.consentToSurvey,
      segment: v.value.segment ?? null,
    };
    await this.repo.saveContact(tenantId, customerId, c);
    return { customerId, ...c };
  }

  @Get('contacts/:customerId')
  @ApiEndpoint({
    summary: "A customer's survey contact",
    permission: 'read:customers',
    path: [{ name: 'customerId', schema: ID }],
    response: {
      status: 200,
      description: 'The contact.',
      schema: CONTACT_VIEW,
      example: {
        customerId: 'c-7',
        email: 'ada@example.com',
        language: 'it',
        consentToSurvey: true,
        segment: null,
      },
    },
    problems: [404],
    problemNotes: { 404: 'No contact is known for the customer' },
  })
  async contact(@TenantId() tenantId: string, @Param('customerId') customerId: string) {
    checkId('customerId', customerId);
    const c = await this.repo.contact(tenantId, customerId);
    if (!c)
      throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `no contact for customer ${customerId}`);
    return { customerId, ...c };
  }
}
