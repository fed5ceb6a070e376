import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ID_PATTERN, InvitationDto, validateOneOrMany } from '@continuum/contracts';
import { ProblemException, RequireScope, TenantId, ValidationProblem } from '@continuum/platform';
import { ContactPolicyService } from './contact-policy.service';

@Controller('v1')
export class ContactPolicyController {
  constructor(private readonly policy: ContactPolicyService) {}

  /** Invitations sent (one or an array of up to 1,000); a resent id is a duplicate. */
  @Post('invitations')
  @RequireScope('ingest')
  @HttpCode(HttpStatus.ACCEPTED)
  async invitations(@TenantId() tenantId: string, @Body() body: unknown) {
    const v = validateOneOrMany(InvitationDto, body, 1000);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const items = await this.policy.recordInvitations(v.values.map((dto) => ({ tenantId, dto })));
    return Array.isArray(body) ? { items } : items[0];
  }

  @Get('contact-policy')
  rules(@TenantId() tenantId: string) {
    return this.policy.rules(tenantId);
  }

  @Put('contact-policy')
  @RequireScope('admin')
  putRules(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.policy.putRules(tenantId, body);
  }

  /** `?channel=voice&segment.plan=business`: may this customer be asked for feedback now? */
  @Get('contact-policy/:customerId')
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
