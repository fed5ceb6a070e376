import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent, Topic } from '@continuum/contracts';
import { confirmErasure } from '@continuum/persistence';
import type { CustomerEraser } from '@continuum/platform';

/**
 * measure's part of an erasure. It never held customer ids: its copies are keyed by the feedback
 * ids listen sends. Comment samples go; respondents (scores and themes, the drivers' input) stay
 * under a random id, so key-driver analysis and every count are unchanged; gap evidence quoting
 * the customer's comments loses those quotes.
 */
@Injectable()
export class MeasureErasure implements CustomerEraser {
  constructor(private readonly ds: DataSource) {}

  async erase(requests: readonly CloudEvent<Topic.PrivacyErasure>[]): Promise<void> {
    // One transaction per request: a confirmation stands for exactly one erasure's rows.
    for (const e of requests) {
      const { tenantId, feedbackIds, commentDigests } = e.data;
      await this.ds.transaction(async (m) => {
        const [, samples] = await m.query<[unknown, number]>(
          `DELETE FROM measure.comment_samples WHERE tenant_id = $1 AND feedback_id = ANY($2::text[])`,
          [tenantId, feedbackIds],
        );
        const [, respondents] = await m.query<[unknown, number]>(
          `UPDATE measure.respondents SET feedback_id = 'erased:' || gen_random_uuid()
           WHERE tenant_id = $1 AND feedback_id = ANY($2::text[])`,
          [tenantId, feedbackIds],
        );
        const [, gaps] = await m.query<[unknown, number]>(
          `UPDATE measure.gaps SET gap = jsonb_set(gap, '{sampleComments}', (
             SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM jsonb_array_elements_text(gap->'sampleComments') c
             WHERE encode(sha256(convert_to(c, 'UTF8')), 'hex') <> ALL($2::text[])))
           WHERE tenant_id = $1 AND EXISTS (
             SELECT 1 FROM jsonb_array_elements_text(gap->'sampleComments') c
             WHERE encode(sha256(convert_to(c, 'UTF8')), 'hex') = ANY($2::text[]))`,
          [tenantId, commentDigests],
        );
        await confirmErasure(m, 'measure', e, {
          'measure.comment_samples': samples,
          'measure.respondents': respondents,
          'measure.gaps': gaps,
        });
      });
    }
  }
}
