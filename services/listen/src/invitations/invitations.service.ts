/**
 * Invitations Continuum sends: asked for over `POST /v1/invitations` (with an address) or due
 * after an interaction at a touchpoint a survey serves (sampling, delay, quiet hours in the
 * journey's time zone, the customer's consent). Every one passes the contact policy first; what
 * it refuses, or what consent and sampling leave out, is counted as a skip with its reason.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BatchProblem, InteractionRecordedV1, InvitationDto, SurveyV1 } from '@continuum/contracts';
import { ValidationProblem } from '@continuum/platform';
import {
  ContactPolicyService,
  type InvitationOutcome,
  type RecordedInvitation,
} from '../contact-policy/contact-policy.service';
import { ContactPolicyRepository, type NewSkip } from '../contact-policy/contact-policy.repository';
import { publishStatuses, skipStatuses } from '../contact-policy/funnel';
import { JourneyService } from '../journey/journey.service';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { SurveysService } from '../surveys/surveys.service';
import { InvitationsRepository, type QueuedInvitation } from './invitations.repository';
import { firstSendTime, sampled } from './schedule';

const DAY = 86_400_000;

@Injectable()
export class InvitationsService {
  constructor(
    private readonly policy: ContactPolicyService,
    private readonly policyRepo: ContactPolicyRepository,
    private readonly surveys: SurveysService,
    private readonly journeys: JourneyService,
    private readonly repo: InvitationsRepository,
    private readonly pseudonyms: PseudonymsService,
    private readonly ds: DataSource,
  ) {}

  /** `POST /v1/invitations`: those with an address are sent by Continuum, with their survey. */
  async request(
    tenantId: string,
    dtos: readonly InvitationDto[],
    batch: boolean,
    now = new Date(),
  ): Promise<InvitationOutcome[]> {
    const chosen = new Map<string, SurveyV1>();
    const problems: BatchProblem[] = [];
    for (const [index, dto] of dtos.entries()) {
      if (dto.address === undefined) continue;
      const survey = dto.survey
        ? await this.surveys.get(tenantId, dto.survey).catch(() => null)
        : dto.touchpoint
          ? await this.surveys.forTouchpoint(tenantId, dto.touchpoint)
          : null;
      const where = batch ? { index } : {};
      if (!survey)
        problems.push({
          ...where,
          field: dto.survey ? 'survey' : 'touchpoint',
          reason: dto.survey
            ? `no survey ${dto.survey}`
            : dto.touchpoint
              ? `no survey serves touchpoint ${dto.touchpoint}`
              : 'touchpoint or survey is needed to send an invitation',
        });
      else {
        chosen.set(dto.id, survey);
        // Every status of the invitation names the touchpoint it is sent for.
        dto.touchpoint ??= survey.touchpoints[0];
      }
    }
    if (problems.length > 0) throw new ValidationProblem(problems);
    const tz = await this.timeZone(tenantId);
    return this.policy.recordInvitations(
      dtos.map((dto) => ({ tenantId, dto })),
      now,
      (recorded, m) =>
        this.queue(
          recorded.filter((r) => chosen.has(r.dto.id)),
          (r) => ({ survey: chosen.get(r.dto.id)!, sendAfter: now }),
          tz,
          m,
        ),
    );
  }

  /** `cx.interaction.recorded.v1`: a survey may follow the interaction. */
  async afterInteractions(recorded: readonly InteractionRecordedV1[], now = new Date()): Promise<void> {
    // The events name customers as topics do: back to listen's own ids, a tenant at a time.
    const events: InteractionRecordedV1[] = [];
    for (const tenantId of new Set(recorded.map((e) => e.tenantId))) {
      const mine = recorded.filter((e) => e.tenantId === tenantId);
      const ids = await this.pseudonyms.toCustomerIds(
        this.ds,
        tenantId,
        mine.map((e) => e.customerId),
      );
      for (const e of mine) events.push({ ...e, customerId: ids.get(e.customerId)! });
    }
    for (const e of events) {
      const survey = await this.surveys.forTouchpoint(e.tenantId, e.touchpoint);
      if (!survey || survey.paused || !survey.trigger.outcomes.includes(e.outcome)) continue;
      const id = invitationIdFor(e.interactionId);
      const contact = await this.repo.contact(e.tenantId, e.customerId);
      const skip = (reason: string, why: string): NewSkip => ({
        tenantId: e.tenantId,
        id,
        customerId: e.customerId,
        channel: survey.channel,
        touchpoint: e.touchpoint,
        reason,
        reasons: [why],
        at: now.toISOString(),
      });
      let skipped: NewSkip | null = null;
      if (!contact?.consentToSurvey) skipped = skip('consent', 'the customer has not agreed to be surveyed');
      else if (!contact.email) skipped = skip('no-address', 'no e-mail address is known for the customer');
      else if (!sampled(e.tenantId, e.interactionId, survey.trigger.sampling))
        skipped = skip('sampling', `not in the ${survey.trigger.sampling} sample of interactions`);
      if (skipped) {
        const s = skipped;
        await this.policyRepo.transaction(async (m) => {
          await this.policyRepo.addSkips([s], m);
          await publishStatuses(m, skipStatuses([s]));
        });
        continue;
      }
      const ended = new Date(e.endedAt ?? e.startedAt);
      const earliest = new Date(
        Math.max(now.getTime(), ended.getTime() + survey.trigger.delayMinutes * 60_000),
      );
      const tz = await this.timeZone(e.tenantId);
      const dto = {
        id,
        customerId: e.customerId,
        channel: survey.channel,
        touchpoint: e.touchpoint,
        address: contact!.email!,
        language: contact!.language ?? 'it',
        ...(contact!.segment ? { segment: contact!.segment } : {}),
      } as InvitationDto;
      await this.policy.recordInvitations([{ tenantId: e.tenantId, dto }], now, (recorded, m) =>
        this.queue(recorded, () => ({ survey, sendAfter: earliest }), tz, m),
      );
    }
  }

  private async queue(
    recorded: readonly RecordedInvitation[],
    plan: (r: RecordedInvitation) => { survey: SurveyV1; sendAfter: Date },
    timeZone: string,
    m: EntityManager,
  ): Promise<void> {
    const rows: QueuedInvitation[] = recorded.map((r) => {
      const { survey, sendAfter } = plan(r);
      const at = firstSendTime(sendAfter, survey.trigger.quietHours, timeZone);
      return {
        tenantId: r.tenantId,
        id: r.dto.id,
        key: randomUUID(),
        customerId: r.dto.customerId,
        channel: r.dto.channel ?? 'email',
        address: r.dto.address!,
        language: r.dto.language ?? 'it',
        touchpoint: r.dto.touchpoint ?? survey.touchpoints[0],
        invitedAt: r.at.toISOString(),
        surveyId: survey.id,
        surveyVersion: survey.version,
        sendAfter: at.toISOString(),
        expiresAt: new Date(at.getTime() + survey.expiresAfterDays * DAY).toISOString(),
      };
    });
    await this.repo.queue(rows, m);
  }

  private async timeZone(tenantId: string): Promise<string> {
    try {
      return (await this.journeys.get(tenantId)).timeZone ?? 'UTC';
    } catch {
      return 'UTC';
    }
  }
}

/** The invitation that follows an interaction: one per interaction, within the id limits. */
export function invitationIdFor(interactionId: string): string {
  return `interaction:${createHash('sha256').update(interactionId).digest('hex').slice(0, 40)}`;
}
