import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Topic,
  partitionKey,
  type InvitationStatus,
  type InvitationStatusV1,
  type SurveyV1,
} from '@continuum/contracts';
import { enqueueOutbox, invitationStatusRecords } from '@continuum/persistence';

const COLLECT_SOURCE = '/continuum/collect';

/** What a link names, read from listen's tables (read-only; collect never writes them). */
export interface LinkedInvitation {
  readonly tenantId: string;
  readonly key: string;
  readonly id: string;
  readonly customerId: string;
  readonly touchpoint: string;
  readonly channel: string;
  /** When listen let the invitation through: the cycle its funnel statuses count in. */
  readonly invitedAt: Date;
  readonly survey: SurveyV1;
  readonly expiresAt: Date;
  readonly answered: boolean;
}

export interface NewAnswer {
  readonly invitation: LinkedInvitation;
  readonly language: string;
  readonly question: string;
  readonly score: number | string;
  readonly comment: string | null;
  readonly reasons: readonly string[];
  readonly consentToContact: boolean;
  /** `cx.feedback.raw.v1`'s JSON for this answer. */
  readonly feedback: Record<string, unknown>;
}

@Injectable()
export class PagesRepository {
  constructor(private readonly ds: DataSource) {}

  async invitation(tenantId: string, key: string, m?: EntityManager): Promise<LinkedInvitation | null> {
    const rows: {
      id: string;
      customer_id: string;
      touchpoint: string;
      channel: string;
      created_at: Date;
      definition: SurveyV1;
      expires_at: Date;
      answered: boolean;
    }[] = await (m ?? this.ds).query(
      `SELECT i.id, i.customer_id, i.touchpoint, i.channel, i.created_at, s.definition, i.expires_at,
              EXISTS (SELECT 1 FROM collect.answers a WHERE a.tenant_id = i.tenant_id AND a.invitation_key = i.key) AS answered
       FROM listen.invitations i
       JOIN listen.surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id AND s.version = i.survey_version
       WHERE i.tenant_id = $1 AND i.key = $2`,
      [tenantId, key],
    );
    const r = rows[0];
    return r
      ? {
          tenantId,
          key,
          id: r.id,
          customerId: r.customer_id,
          touchpoint: r.touchpoint,
          channel: r.channel,
          invitedAt: r.created_at,
          survey: r.definition,
          expiresAt: r.expires_at,
          answered: r.answered,
        }
      : null;
  }

  /**
   * The answer and its feedback event in one transaction; false when the invitation already has
   * an answer (the primary key decides between two clicks that arrive together).
   */
  async saveAnswer(a: NewAnswer): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO collect.answers (tenant_id, invitation_key, survey_id, survey_version, question, score, comment, reasons, consent_to_contact, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING RETURNING invitation_key`,
        [
          a.invitation.tenantId,
          a.invitation.key,
          a.invitation.survey.id,
          a.invitation.survey.version,
          a.question,
          String(a.score),
          a.comment,
          JSON.stringify(a.reasons),
          a.consentToContact,
          a.language,
        ],
      );
      if (inserted.length === 0) return false;
      await this.funnel(m, a.invitation, ['answered']);
      await enqueueOutbox(m, 'collect', [
        {
          topic: Topic.FeedbackRaw,
          key: partitionKey(a.invitation.tenantId, a.invitation.customerId),
          headers: { 'content-type': 'application/json' },
          value: JSON.stringify(a.feedback),
        },
      ]);
      return true;
    });
  }

  /** The page was opened: `opened` goes into the funnel the first time only. */
  async opened(inv: LinkedInvitation): Promise<void> {
    await this.ds.transaction((m) => this.funnel(m, inv, []));
  }

  /** `opened` once per invitation (an answer without a GET first opens it too), then `later`. */
  private async funnel(m: EntityManager, inv: LinkedInvitation, later: InvitationStatus[]): Promise<void> {
    const first: unknown[] = await m.query(
      `INSERT INTO collect.opens (tenant_id, invitation_key) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING invitation_key`,
      [inv.tenantId, inv.key],
    );
    const at = new Date().toISOString();
    const statuses = [...(first.length > 0 ? (['opened'] as const) : []), ...later].map(
      (status): InvitationStatusV1 => ({
        tenantId: inv.tenantId,
        invitationId: inv.id,
        status,
        touchpoint: inv.touchpoint,
        channel: inv.channel,
        invitedAt: inv.invitedAt.toISOString(),
        at,
        reason: null,
      }),
    );
    await enqueueOutbox(m, 'collect', invitationStatusRecords(COLLECT_SOURCE, statuses));
  }
}
