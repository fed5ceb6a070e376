/**
 * Survey fatigue: counts the survey contacts of each customer (invitations integrators report,
 * answers received) and tells whether they may be asked now, and if not, until when.
 */
import { Injectable } from '@nestjs/common';
import {
  validatePayload,
  type ContactOptedOutV1,
  type InvitationDto,
  compositeKey,
} from '@continuum/contracts';
import { ValidationProblem } from '@continuum/platform';
import { ContactPolicyDto } from './contact-policy.dto';
import { DataSource, type EntityManager } from 'typeorm';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { ContactPolicyRepository, type NewContact, type NewSkip } from './contact-policy.repository';
import { publishStatuses, skipStatuses, statusOf } from './funnel';
import {
  decidePolicy,
  DEFAULT_RULES,
  evaluatePolicy,
  longestWindowDays,
  type ContactRule,
  OPTED_OUT_REASON,
  type PolicyAnswer,
  type PolicyDecision,
  type PolicySkipReason,
  type SurveyContact,
} from './contact-policy.rules';

export interface IncomingInvitation {
  readonly tenantId: string;
  readonly dto: InvitationDto;
}

/** An invitation the policy let through, and when it counts from. */
export interface RecordedInvitation extends IncomingInvitation {
  readonly at: Date;
}

export type InvitationOutcome =
  | { readonly id: string; readonly status: 'recorded' | 'duplicate' }
  | {
      readonly id: string;
      readonly status: 'skipped';
      readonly reason: PolicySkipReason;
      readonly reasons: readonly string[];
    };

@Injectable()
export class ContactPolicyService {
  constructor(
    private readonly repo: ContactPolicyRepository,
    private readonly pseudonyms: PseudonymsService,
    private readonly ds: DataSource,
  ) {}

  /**
   * Judges each invitation against the customer's contact policy at the time it goes out (now, or
   * `sentAt` for one reported after the fact): allowed ones count as contacts, the others are kept
   * as skips with their reason; a resent id is a duplicate either way. In order, so a second
   * invitation to the same customer in one batch sees the first. `onRecorded` runs in the same
   * transaction with the allowed ones (the sender's queue).
   */
  async recordInvitations(
    items: readonly IncomingInvitation[],
    now = new Date(),
    onRecorded?: (recorded: readonly RecordedInvitation[], m: EntityManager) => Promise<void>,
  ): Promise<InvitationOutcome[]> {
    if (items.length === 0) return [];
    return this.repo.transaction(async (m) => {
      await this.repo.lockCustomers(
        items.map(({ tenantId, dto }) => `${tenantId} ${dto.customerId}`),
        m,
      );
      // Decided no earlier than the lock: a decision that waited for another sees its contact as past.
      const decidedAt = new Date(Math.max(now.getTime(), Date.now()));
      const known = new Map<string, Set<string>>();
      const rules = new Map<string, readonly ContactRule[]>();
      const optedOut = new Map<string, Set<string>>();
      for (const tenantId of new Set(items.map((i) => i.tenantId))) {
        const mine = items.filter((i) => i.tenantId === tenantId);
        known.set(
          tenantId,
          await this.repo.knownInvitations(
            tenantId,
            mine.map((i) => i.dto.id),
            m,
          ),
        );
        rules.set(tenantId, (await this.repo.rules(tenantId, m)) ?? DEFAULT_RULES);
        optedOut.set(
          tenantId,
          await this.repo.optedOut(
            tenantId,
            mine.map((i) => i.dto.customerId),
            m,
          ),
        );
      }
      const history = new Map<string, SurveyContact[]>();
      const outcomes: InvitationOutcome[] = [];
      const contacts: NewContact[] = [];
      const skips: NewSkip[] = [];
      const recorded: RecordedInvitation[] = [];
      for (const item of items) {
        const { tenantId, dto } = item;
        const seen = known.get(tenantId)!;
        if (seen.has(dto.id)) {
          outcomes.push({ id: dto.id, status: 'duplicate' });
          continue;
        }
        seen.add(dto.id);
        const at = dto.sentAt ? new Date(dto.sentAt) : decidedAt;
        const tenantRules = rules.get(tenantId)!;
        const hk = compositeKey(tenantId, dto.customerId);
        let past = history.get(hk);
        if (!past) {
          const since = new Date(at.getTime() - longestWindowDays(tenantRules) * 86_400_000);
          past = await this.repo.contactsSince(tenantId, dto.customerId, since, m);
          history.set(hk, past);
        }
        const channel = dto.channel ?? null;
        // An opt-out comes before every rule: the customer asked not to be contacted at all.
        const decision: PolicyDecision = optedOut.get(tenantId)!.has(dto.customerId)
          ? { allowed: false, until: null, reasons: [OPTED_OUT_REASON], codes: ['opt-out'] }
          : decidePolicy(tenantRules, past, { channel, segment: dto.segment ?? {} }, at);
        if (!decision.allowed) {
          const reason = decision.codes[0];
          skips.push({
            tenantId,
            id: dto.id,
            customerId: dto.customerId,
            channel,
            touchpoint: dto.touchpoint ?? null,
            reason,
            reasons: decision.reasons,
            at: at.toISOString(),
          });
          outcomes.push({ id: dto.id, status: 'skipped', reason, reasons: decision.reasons });
          continue;
        }
        past.push({ at, channel });
        contacts.push({
          tenantId,
          kind: 'invitation',
          id: dto.id,
          customerId: dto.customerId,
          channel,
          at: at.toISOString(),
        });
        recorded.push({ ...item, at });
        outcomes.push({ id: dto.id, status: 'recorded' });
      }
      await this.repo.addContacts(contacts, m);
      await this.repo.addSkips(skips, m);
      await publishStatuses(m, [
        ...recorded.map((r) =>
          statusOf(
            {
              tenantId: r.tenantId,
              invitationId: r.dto.id,
              touchpoint: r.dto.touchpoint ?? null,
              channel: r.dto.channel ?? null,
              invitedAt: r.at.toISOString(),
            },
            'invited',
            r.at.toISOString(),
          ),
        ),
        ...skipStatuses(skips),
      ]);
      if (onRecorded && recorded.length > 0) await onRecorded(recorded, m);
      return outcomes;
    });
  }

  /** Skipped invitations in a period (default: the last 30 days), by reason, channel and touchpoint. */
  async skipped(tenantId: string, since: Date, until: Date) {
    const items = await this.repo.skipCounts(tenantId, since, until);
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      total: items.reduce((n, i) => n + i.count, 0),
      items,
    };
  }

  /** `cx.contact.opted-out.v1`: the customer is contacted no more (surveys, loop messages). */
  /** Opt-outs as collect publishes them, naming customers as topics do: back to listen's ids first. */
  async optOut(events: readonly ContactOptedOutV1[]): Promise<void> {
    const resolved: ContactOptedOutV1[] = [];
    for (const [tenantId, group] of groupByTenant(events)) {
      const ids = await this.pseudonyms.toCustomerIds(
        this.ds,
        tenantId,
        group.map((e) => e.customerId),
      );
      for (const e of group) resolved.push({ ...e, customerId: ids.get(e.customerId)! });
    }
    await this.repo.optOut(resolved);
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
    if ((await this.repo.optedOut(tenantId, [customerId])).size > 0)
      return { customerId, channel, allowed: false, until: null, reasons: [OPTED_OUT_REASON] };
    const { rules } = await this.rules(tenantId);
    const since = new Date(now.getTime() - longestWindowDays(rules) * 86_400_000);
    const contacts = await this.repo.contactsSince(tenantId, customerId, since);
    return { customerId, channel, ...evaluatePolicy(rules, contacts, { channel, segment }, now) };
  }
}

function groupByTenant<T extends { tenantId: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(i.tenantId, [...(out.get(i.tenantId) ?? []), i]);
  return out;
}
