import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { IsISO8601, IsOptional } from 'class-validator';
import { ID, ID_PATTERN, InvitationDto, validateOneOrMany } from '@continuum/contracts';
import { ProblemException, TenantId, ValidationProblem, ApiEndpoint } from '@continuum/platform';
import { ContactPolicyService } from './contact-policy.service';
import {
  CONTACT_CHECK,
  CONTACT_POLICY_BODY,
  CONTACT_POLICY_EXAMPLE,
  CONTACT_POLICY_VIEW,
  INVITATION_BODY,
  INVITATION_RESPONSE,
  INVITATION_SKIPS,
  oneOrMany,
} from '../openapi';

class PeriodQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

const DAY = 86_400_000;

@Controller('v1')
export class ContactPolicyController {
  constructor(private readonly policy: ContactPolicyService) {}

  /** Invitations sent (one or an array of up to 1,000); a resent id is a duplicate. */
  @Post('invitations')
  @ApiEndpoint({
    summary: 'Survey invitations, judged by the contact policy (one, or an array of up to 1,000)',
    description:
      "Each is checked against the customer's contact policy (overall, per channel, per segment): `recorded` when it may go out (it then counts as a contact), `skipped` with the reason when it may not (do not send it; counted at `GET /v1/invitations/skipped`). A resent id is a duplicate.",
    permission: 'ingest',
    body: {
      schema: oneOrMany(INVITATION_BODY),
      example: { id: 'inv-1', customerId: 'c-7', channel: 'email', touchpoint: 'checkout' },
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
    const items = await this.policy.recordInvitations(v.values.map((dto) => ({ tenantId, dto })));
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

  @Get('contact-policy')
  @ApiEndpoint({
    summary: "The tenant's contact-policy rules",
    response: {
      status: 200,
      description: 'The rules (defaults until set).',
      schema: CONTACT_POLICY_VIEW,
      example: { ...CONTACT_POLICY_EXAMPLE, default: true },
    },
  })
  rules(@TenantId() tenantId: string) {
    return this.policy.rules(tenantId);
  }

  @Put('contact-policy')
  @ApiEndpoint({
    summary: "Replace the tenant's contact-policy rules",
    permission: 'admin',
    body: { schema: CONTACT_POLICY_BODY, example: CONTACT_POLICY_EXAMPLE },
    response: {
      status: 200,
      description: 'The rules now in force.',
      schema: CONTACT_POLICY_VIEW,
      example: { ...CONTACT_POLICY_EXAMPLE, default: false },
    },
  })
  putRules(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.policy.putRules(tenantId, body);
  }

  /** `?channel=voice&segment.plan=business`: may this customer be asked for feedback now? */
  @Get('contact-policy/:customerId')
  @ApiEndpoint({
    summary: 'May this customer be asked for feedback now?',
    permission: 'read:customers',
    description:
      "The customer's segment goes in `segment.<key>=<value>` query parameters, e.g. `?channel=voice&segment.plan=business`; other parameters are refused.",
    path: [{ name: 'customerId', schema: ID }],
    query: [{ name: 'channel', schema: { type: 'string' }, description: 'The channel of the ask.' }],
    response: {
      status: 200,
      description: 'The answer, with the reasons when not allowed.',
      schema: CONTACT_CHECK,
      example: {
        customerId: 'c-7',
        channel: 'email',
        allowed: false,
        until: '2026-03-09T09:00:00.000Z',
        reasons: ['at most 1 contact in 7 days on email'],
      },
    },
  })
  async check(
    @TenantId() tenantId: string,
    @Param('customerId') customerId: string,
    @Query() query: Record<string, unknown>,
  ) {
    if (!ID_PATTERN.test(customerId)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'Invalid request',
        'customerId must be 1–128 characters: letters, digits and . _ : @ / + -',
      );
    }
    const segment: Record<string, string> = {};
    let channel: string | null = null;
    for (const [k, v] of Object.entries(query)) {
      if (typeof v !== 'string')
        throw new ValidationProblem([{ field: k, reason: `${k} must be given once, as text` }]);
      if (k === 'channel') channel = v;
      else if (k.startsWith('segment.') && k.length > 8) segment[k.slice(8)] = v;
      else
        throw new ValidationProblem([
          { field: k, reason: `${k} is not a known parameter (channel, segment.<key>)` },
        ]);
    }
    return this.policy.check(tenantId, customerId, channel, segment);
  }
}
