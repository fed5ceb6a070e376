/**
 * Survey fatigue: counts the survey contacts of each customer (invitations integrators report,
 * answers received) and tells whether they may be asked now, and if not, until when.
 */
import { Injectable } from '@nestjs/common';
import { validatePayload, type InvitationDto, compositeKey } from '@continuum/contracts';
import { ValidationProblem } from '@continuum/platform';
import { ContactPolicyDto } from './contact-policy.dto';
import { ContactPolicyRepository } from './contact-policy.repository';
import {
  DEFAULT_RULES,
  evaluatePolicy,
  longestWindowDays,
  type ContactRule,
  type PolicyAnswer,
} from './contact-policy.rules';

export interface IncomingInvitation {
  readonly tenantId: string;
  readonly dto: InvitationDto;
}

@Injectable()
export class ContactPolicyService {
  constructor(private readonly repo: ContactPolicyRepository) {}

  async recordInvitations(
    items: readonly IncomingInvitation[],
    now = new Date(),
  ): Promise<{ id: string; status: 'recorded' | 'duplicate' }[]> {
    const inserted = await this.repo.addContacts(
      items.map(({ tenantId, dto }) => ({
        tenantId,
        kind: 'invitation' as const,
        id: dto.id,
        customerId: dto.customerId,
        channel: dto.channel ?? null,
        at: dto.sentAt ? new Date(dto.sentAt).toISOString() : now.toISOString(),
      })),
    );
    const first = new Set<string>();
    return items.map(({ tenantId, dto }) => {
      const k = compositeKey(tenantId, dto.id);
      const recorded = inserted.has(k) && !first.has(k);
      first.add(k);
      return { id: dto.id, status: recorded ? 'recorded' : 'duplicate' };
    });
  }

  async rules(tenantId: string): Promise<{ rules: readonly ContactRule[]; default: boolean }> {
    const rules = await this.repo.rules(tenantId);
    return rules ? { rules, default: false } : { rules: DEFAULT_RULES, default: true };
  }

  async putRules(
    tenantId: string,
    body: unknown,
  ): Promise<{ rules: readonly ContactRule[]; default: boolean }> {
    const v = validatePayload(ContactPolicyDto, body);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const rules = v.value.rules.map((r) => ({
      max: r.max,
      windowDays: r.windowDays,
      ...(r.channel ? { channel: r.channel } : {}),
      ...(r.segment ? { segment: r.segment } : {}),
    }));
    await this.repo.saveRules(tenantId, rules);
    return { rules, default: false };
  }

  async check(
    tenantId: string,
    customerId: string,
    channel: string | null,
    segment: Record<string, string>,
    now = new Date(),
  ): Promise<PolicyAnswer & { customerId: string; channel: string | null }> {
    const { rules } = await this.rules(tenantId);
    const since = new Date(now.getTime() - longestWindowDays(rules) * 86_400_000);
    const contacts = await this.repo.contactsSince(tenantId, customerId, since);
    return { customerId, channel, ...evaluatePolicy(rules, contacts, { channel, segment }, now) };
  }
}
