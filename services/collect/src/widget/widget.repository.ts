import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topic, partitionKey, type SurveyV1 } from '@continuum/contracts';
import { enqueueOutbox } from '@continuum/persistence';

export interface NewWidgetAnswer {
  readonly tenantId: string;
  readonly submissionId: string;
  readonly keyPrefix: string;
  readonly origin: string;
  readonly touchpoint: string;
  readonly survey: SurveyV1;
  readonly language: string;
  readonly question: string;
  readonly score: number | string;
  readonly comment: string | null;
  /** `cx.feedback.raw.v1`'s JSON for this answer. */
  readonly feedback: Record<string, unknown>;
}

/** Widget answers and the survey a touchpoint shows (read-only from listen's table, as pages do). */
@Injectable()
export class WidgetRepository {
  constructor(private readonly ds: DataSource) {}

  /** The survey serving a touchpoint now: the latest version of the one that lists it. */
  async surveyFor(tenantId: string, touchpoint: string): Promise<SurveyV1 | null> {
    const rows: { definition: SurveyV1 }[] = await this.ds.query(
      `SELECT definition FROM (
         SELECT DISTINCT ON (id) definition, touchpoints FROM listen.surveys
         WHERE tenant_id = $1 ORDER BY id, version DESC
       ) latest WHERE $2 = ANY(touchpoints) LIMIT 1`,
      [tenantId, touchpoint],
    );
    return rows[0]?.definition ?? null;
  }

  /** A survey version, when it serves the touchpoint. */
  async surveyVersion(
    tenantId: string,
    id: string,
    version: number,
    touchpoint: string,
  ): Promise<SurveyV1 | null> {
    const rows: { definition: SurveyV1 }[] = await this.ds.query(
      `SELECT definition FROM listen.surveys
       WHERE tenant_id = $1 AND id = $2 AND version = $3 AND $4 = ANY(touchpoints)`,
      [tenantId, id, version, touchpoint],
    );
    return rows[0]?.definition ?? null;
  }

  /** The answer and its feedback event in one transaction; false when the submission is already in. */
  async save(a: NewWidgetAnswer): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO collect.widget_answers (tenant_id, submission_id, key_prefix, origin, touchpoint, survey_id, survey_version, question, score, comment, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT DO NOTHING RETURNING submission_id`,
        [
          a.tenantId,
          a.submissionId,
          a.keyPrefix,
          a.origin,
          a.touchpoint,
          a.survey.id,
          a.survey.version,
          a.question,
          String(a.score),
          a.comment,
          a.language,
        ],
      );
      if (inserted.length === 0) return false;
      await enqueueOutbox(m, 'collect', [
        {
          topic: Topic.FeedbackRaw,
          key: partitionKey(a.tenantId, a.submissionId),
          headers: { 'content-type': 'application/json' },
          value: JSON.stringify(a.feedback),
        },
      ]);
      return true;
    });
  }
}
