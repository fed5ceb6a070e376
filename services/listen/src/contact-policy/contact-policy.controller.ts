import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { BRIEF_ID_MESSAGE, ID } from '@continuum/contracts';
import { answer, ApiEndpoint, checkedId, TenantId, ValidationProblem } from '@continuum/platform';
import { ContactPolicyService } from './contact-policy.service';
import {
  CONTACT_CHECK,
  CONTACT_POLICY_BODY,
  CONTACT_POLICY_EXAMPLE,
  CONTACT_POLICY_VIEW,
} from './contact-policy.openapi';

@Controller('v1')
export class ContactPolicyController {
  constructor(private readonly policy: ContactPolicyService) {}

  @Get('contact-policy')
  @ApiEndpoint({
    summary: "The tenant's contact-policy rules",
    response: answer('The rules (defaults until set).', CONTACT_POLICY_VIEW, {
      ...CONTACT_POLICY_EXAMPLE,
      default: true,
    }),
  })
  rules(@TenantId() tenantId: string) {
    return this.policy.rules(tenantId);
  }

  @Put('contact-policy')
  @ApiEndpoint({
    summary: "Replace the tenant's contact-policy rules",
    permission: 'admin',
    body: { schema: CONTACT_POLICY_BODY, example: CONTACT_POLICY_EXAMPLE },
    response: answer('The rules now in force.', CONTACT_POLICY_VIEW, {
      ...CONTACT_POLICY_EXAMPLE,
      default: false,
    }),
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
    checkedId('customerId', customerId, BRIEF_ID_MESSAGE);
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
