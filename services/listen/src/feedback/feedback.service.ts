/**
 * Records explicit feedback: normalises, redacts and enriches each item, stores the new ones
 * and enqueues their `cx.feedback.recorded.v1` events in the same transaction. A resent id is
 * acknowledged as a duplicate and changes nothing.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createEvent, EMOJI_SCORES, partitionKey, Topic, type FeedbackDto } from '@continuum/contracts';
import { enqueueOutbox, outboxRecord } from '@continuum/persistence';
import type { JourneyIndex } from '@continuum/journey';
import { analyzeComment, type ThemeTaxonomy } from '@continuum/text';
import { ContactPolicyRepository } from '../contact-policy/contact-policy.repository';
import { JourneyService } from '../journey/journey.service';
import { ThemesService } from '../themes/themes.service';
import { FeedbackRepository, type StoredFeedback } from './feedback.repository';

export const LISTEN_SOURCE = '/continuum/listen';

export interface IncomingFeedback {
  readonly tenantId: string;
  readonly dto: FeedbackDto;
}

export type RecordStatus = 'recorded' | 'duplicate';

export interface RecordResult {
  readonly tenantId: string;
  readonly id: string;
  readonly status: RecordStatus;
}

@Injectable()
export class FeedbackService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FeedbackRepository,
    private readonly journeys: JourneyService,
    private readonly contacts: ContactPolicyRepository,
    private readonly themes: ThemesService,
  ) {}

  /** One transaction for the whole batch, whatever its size and tenants. */
  async record(items: readonly IncomingFeedback[], receivedAt = new Date()): Promise<RecordResult[]> {
    const seen = new Set<string>();
    const fresh: StoredFeedback[] = [];
    const results: RecordResult[] = [];
    const tenantIds = items.map((i) => i.tenantId);
    const [journeys, taxonomies] = await Promise.all([
      this.journeys.indexes(tenantIds),
      this.themes.taxonomies(tenantIds),
    ]);
    for (const { tenantId, dto } of items) {
      const key = `${tenantId}\u0000${dto.id}`;
      if (seen.has(key)) {
        results.push({ tenantId, id: dto.id, status: 'duplicate' });
        continue;
      }
      seen.add(key);
      fresh.push(
        this.enrich(tenantId, dto, receivedAt, journeys.get(tenantId) ?? null, taxonomies.get(tenantId)),
      );
      results.push({ tenantId, id: dto.id, status: 'recorded' });
    }
    const inserted = await this.ds.transaction(async (m) => {
      const ins = await this.repo.insertNew(m, fresh);
      const events = fresh
        .filter((f) => ins.has(`${f.tenantId}\u0000${f.feedbackId}`))
        .map((f) => {
          const { eventId, ...data } = f;
          return outboxRecord(
            Topic.FeedbackRecorded,
            partitionKey(f.tenantId, f.touchpoint),
            createEvent({
              id: eventId,
              type: Topic.FeedbackRecorded,
              source: LISTEN_SOURCE,
              tenantId: f.tenantId,
              subject: f.feedbackId,
              time: receivedAt,
              data,
            }),
          );
        });
      await enqueueOutbox(m, 'listen', events);
      // An answer is a survey contact too: the contact policy counts it against fatigue.
      await this.contacts.addContacts(
        fresh
          .filter((f) => f.customerId !== null && ins.has(`${f.tenantId}\u0000${f.feedbackId}`))
          .map((f) => ({
            tenantId: f.tenantId,
            kind: 'feedback' as const,
            id: f.feedbackId,
            customerId: f.customerId!,
            channel: f.channel,
            at: f.occurredAt,
          })),
        m,
      );
      return ins;
    });
    return results.map((r) =>
      r.status === 'recorded' && !inserted.has(`${r.tenantId}\u0000${r.id}`)
        ? { ...r, status: 'duplicate' }
        : r,
    );
  }

  private enrich(
    tenantId: string,
    dto: FeedbackDto,
    receivedAt: Date,
    journey: JourneyIndex | null,
    taxonomy: ThemeTaxonomy | undefined,
  ): StoredFeedback {
    const text = dto.comment?.trim() ? analyzeComment(dto.comment, { taxonomy }) : null;
    const place = journey?.locate(dto.touchpoint) ?? null;
    const flags: string[] = [];
    if (!journey) flags.push('no-journey');
    else if (!place?.known) flags.push('unknown-touchpoint');
    if (text && text.pii.length > 0) flags.push('pii-redacted');
    return {
      eventId: randomUUID(),
      feedbackId: dto.id,
      tenantId,
      touchpoint: dto.touchpoint,
      stage: place?.stage ?? null,
      owner: place?.owner ?? null,
      channel: dto.channel ?? place?.channel ?? null,
      customerId: dto.customerId ?? null,
      occurredAt: dto.occurredAt ? new Date(dto.occurredAt).toISOString() : receivedAt.toISOString(),
      receivedAt: receivedAt.toISOString(),
      nps: dto.nps ?? null,
      csat: dto.csat ?? null,
      ces: dto.ces ?? null,
      emoji: dto.emoji !== undefined ? (EMOJI_SCORES[dto.emoji] ?? null) : null,
      comment: text ? text.redacted : null,
      language: text ? text.language : null,
      sentiment: text ? text.sentiment : null,
      themes: text ? text.themes : [],
      segment: dto.segment ?? {},
      consentToContact: dto.consentToContact ?? false,
      flags,
    };
  }
}
