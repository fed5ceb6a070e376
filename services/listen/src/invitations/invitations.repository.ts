import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SurveyV1 } from '@continuum/contracts';

export interface QueuedInvitation {
  readonly tenantId: string;
  readonly id: string;
  readonly key: string;
  readonly customerId: string;
  readonly channel: string;
  readonly address: string;
  readonly language: 'it' | 'en';
  readonly touchpoint: string;
  /** When the contact policy let it through: the funnel counts it in that instant's cycle. */
  readonly invitedAt: string;
  readonly surveyId: string;
  readonly surveyVersion: number;
  readonly sendAfter: string;
  readonly expiresAt: string;
}

export interface DueInvitation {
  readonly tenantId: string;
  readonly id: string;
  readonly key: string;
  readonly touchpoint: string;
  readonly channel: string;
  readonly invitedAt: Date;
  readonly address: string;
  readonly language: 'it' | 'en';
  readonly attempts: number;
  readonly expiresAt: Date;
  readonly survey: SurveyV1;
}

export interface CustomerContact {
  readonly email: string | null;
  readonly language: 'it' | 'en' | null;
  readonly consentToSurvey: boolean;
  readonly segment: Record<string, string> | null;
}

export interface InvitationView {
  readonly id: string;
  readonly channel: string;
  readonly touchpoint: string;
  readonly survey: string;
  readonly surveyVersion: number;
  readonly language: string;
  readonly status: string;
  readonly sendAfter: string;
  readonly sentAt: string | null;
  readonly expiresAt: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

@Injectable()
export class InvitationsRepository {
  constructor(private readonly ds: DataSource) {}

  async queue(rows: readonly QueuedInvitation[], m: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO listen.invitations (tenant_id, id, key, customer_id, channel, address, language, touchpoint, survey_id, survey_version, send_after, expires_at, created_at)
       SELECT t."tenantId", t.id, t.key, t."customerId", t.channel, t.address, t.language, t.touchpoint, t."surveyId", t."surveyVersion", t."sendAfter", t."expiresAt", t."invitedAt"
       FROM json_to_recordset($1::json) AS t("tenantId" text, id text, key uuid, "customerId" text, channel text, address text, language text, touchpoint text, "surveyId" text, "surveyVersion" int, "sendAfter" timestamptz, "expiresAt" timestamptz, "invitedAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Due invitations on the channels this sender can send, locked for it until its transaction
   * ends (others skip them).
   */
  async claimDue(limit: number, channels: readonly string[], m: EntityManager): Promise<DueInvitation[]> {
    const rows: {
      tenant_id: string;
      id: string;
      key: string;
      touchpoint: string;
      channel: string;
      created_at: Date;
      address: string;
      language: 'it' | 'en';
      attempts: number;
      expires_at: Date;
      definition: SurveyV1;
    }[] = await m.query(
      `SELECT i.tenant_id, i.id, i.key, i.touchpoint, i.channel, i.created_at, i.address, i.language, i.attempts, i.expires_at, s.definition
       FROM listen.invitations i
       JOIN listen.surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id AND s.version = i.survey_version
       WHERE i.status = 'queued' AND i.send_after <= now() AND i.channel = ANY($2)
       ORDER BY i.send_after LIMIT $1 FOR UPDATE OF i SKIP LOCKED`,
      [limit, channels],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      id: r.id,
      key: r.key,
      touchpoint: r.touchpoint,
      channel: r.channel,
      invitedAt: r.created_at,
      address: r.address,
      language: r.language,
      attempts: r.attempts,
      expiresAt: r.expires_at,
      survey: r.definition,
    }));
  }

  async markSent(tenantId: string, id: string, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE listen.invitations SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
  }

  /** A refusal: `bounced` for good (the server said the mailbox is not there), else retried later. */
  async markFailed(
    tenantId: string,
    id: string,
    status: 'bounced' | 'failed' | 'queued',
    error: string,
    retryAt: Date | null,
    m: EntityManager,
  ): Promise<void> {
    await m.query(
      `UPDATE listen.invitations SET status = $3, attempts = attempts + 1, last_error = $4,
         send_after = coalesce($5, send_after)
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, error.slice(0, 500), retryAt],
    );
  }

  async find(tenantId: string, id: string): Promise<InvitationView | null> {
    const rows: InvitationView[] = await this.ds.query(
      `SELECT id, channel, touchpoint, survey_id AS survey, survey_version AS "surveyVersion", language, status,
              to_char(send_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "sendAfter",
              to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "sentAt",
              to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt",
              attempts, last_error AS "lastError"
       FROM listen.invitations WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async contact(tenantId: string, customerId: string): Promise<CustomerContact | null> {
    const rows: CustomerContact[] = await this.ds.query(
      `SELECT email, language, consent_to_survey AS "consentToSurvey", segment
       FROM listen.customer_contacts WHERE tenant_id = $1 AND customer_id = $2`,
      [tenantId, customerId],
    );
    return rows[0] ?? null;
  }

  async saveContact(tenantId: string, customerId: string, c: CustomerContact): Promise<void> {
    await this.ds.query(
      `INSERT INTO listen.customer_contacts (tenant_id, customer_id, email, language, consent_to_survey, segment)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET email = EXCLUDED.email, language = EXCLUDED.language,
         consent_to_survey = EXCLUDED.consent_to_survey, segment = EXCLUDED.segment, updated_at = now()`,
      [
        tenantId,
        customerId,
        c.email,
        c.language,
        c.consentToSurvey,
        c.segment ? JSON.stringify(c.segment) : null,
      ],
    );
  }
}
