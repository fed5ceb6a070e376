/**
 * Records explicit feedback: normalises, redacts and enriches each item, stores the new ones
 * and enqueues their `cx.feedback.recorded.v1` events in the same transaction. A resent id is
 * acknowledged as a duplicate and changes nothing. Events name the customer as the tenant's
 * topics do (a pseudonym by default); the row keeps the customer's own id. The comment of feedback
 * naming a customer is stored in clear but published sealed with the key of the customer as topics
 * name them, created in the same transaction (crypto-shredding, docs/privacy.md).
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createEvent,
  EMOJI_SCORES,
  partitionKey,
  toBinaryHeaders,
  Topic,
  type FeedbackDto,
  type FeedbackRecordedV1,
  compositeKey,
  sealingSubject,
  sealText,
} from '@continuum/contracts';
import {
  enqueueOutbox,
  ensureSubjectKeys,
  type OutboxRecord,
  type SubjectKeys,
  type SubjectRef,
} from '@continuum/persistence';
import { KafkaProvider } from '@continuum/platform';
import type { JourneyIndex } from '@continuum/journey';
import { analyzeComment, type ThemeTaxonomy } from '@continuum/text';
import { JourneyService } from '../journey/journey.service';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { ThemesService } from '../themes/themes.service';
import {
  FeedbackRepository,
  type FeedbackOrigin,
  type NewFeedback as Prepared,
  type StoredFeedback,
} from './feedback.repository';

export const LISTEN_SOURCE = '/continuum/listen';

export interface IncomingFeedback {
  readonly tenantId: string;
  readonly dto: FeedbackDto;
  /** The raw-topic record it was read from; none for HTTP and imports. */
  readonly origin?: FeedbackOrigin;
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
    private readonly themes: ThemesService,
    private readonly kafka: KafkaProvider,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  /**
   * One transaction for the whole batch, whatever its size and tenants. The events of items with
   * an `origin` (read from the raw topic) are published straight after the commit, before the
   * caller lets the consumer commit the records' offsets; the rest go through the outbox. Either
   * way an event goes out only for a committed row and at least once, with the row's event id:
   * after a crash between commit and publish, the redelivered record finds the row it inserted
   * (same partition and offset) and publishes the same event again.
   */
  async record(items: readonly IncomingFeedback[], receivedAt = new Date()): Promise<RecordResult[]> {
    const seen = new Set<string>();
    const fresh: Omit<Prepared, 'json'>[] = [];
    const results: RecordResult[] = [];
    const tenantIds = items.map((i) => i.tenantId);
    const [journeys, taxonomies, ids] = await Promise.all([
      this.journeys.indexes(tenantIds),
      this.themes.taxonomies(tenantIds),
      this.pseudonyms.forTenants(tenantIds),
    ]);
    const received = receivedAt.toISOString();
    for (const { tenantId, dto, origin } of items) {
      const key = compositeKey(tenantId, dto.id);
      if (seen.has(key)) {
        results.push({ tenantId, id: dto.id, status: 'duplicate' });
        continue;
      }
      seen.add(key);
      const data = this.enrich(
        tenantId,
        dto,
        received,
        journeys.get(tenantId) ?? null,
        taxonomies.get(tenantId),
        ids.topicIdOrNull(tenantId, dto.customerId),
      );
      fresh.push({ key, eventId: randomUUID(), customerId: dto.customerId ?? null, data, origin });
      results.push({ tenantId, id: dto.id, status: 'recorded' });
    }
    const direct: OutboxRecord[] = [];
    const inserted = await this.ds.transaction(async (m) => {
      // One statement, only for batches with a customer's comment: their subjects' keys.
      const keys = await ensureSubjectKeys(m, sealedSubjects(fresh.map((f) => f.data)));
      // The row is the event's JSON plus the event id, the origin, the customer's own id and, if
      // sealed, the clear comment.
      const prepared: Prepared[] = fresh.map((f) => {
        const published = onTopic(f.data, keys);
        return {
          ...f,
          json: JSON.stringify(published),
          clearComment: published === f.data ? undefined : (f.data.comment ?? undefined),
        };
      });
      const ins = await this.repo.insertNew(m, prepared);
      await this.pseudonyms.remember(m, ids);
      const events: OutboxRecord[] = [];
      const redelivered: (Pick<StoredFeedback, 'tenantId' | 'feedbackId'> & FeedbackOrigin)[] = [];
      for (const f of prepared) {
        if (ins.has(f.key)) {
          (f.origin ? direct : events).push(recordedEvent(f.eventId, f.data, f.json, receivedAt));
        } else if (f.origin) {
          redelivered.push({ tenantId: f.data.tenantId, feedbackId: f.data.feedbackId, ...f.origin });
        }
      }
      // Redelivered rows are published again as topics name the customer, sealed with the same key.
      const own = (await this.repo.findOwnRows(m, redelivered)).map(({ eventId, ...row }) => ({
        eventId,
        data: { ...row, customerId: ids.topicIdOrNull(row.tenantId, row.customerId) },
      }));
      const unkeyed = sealedSubjects(own.map((o) => o.data)).filter(
        (r) => !keys.has(compositeKey(r.tenantId, r.subject)),
      );
      for (const [k, key] of await ensureSubjectKeys(m, unkeyed)) keys.set(k, key);
      for (const { eventId, data } of own) {
        const json = JSON.stringify(onTopic(data, keys));
        direct.push(recordedEvent(eventId, data, json, new Date(data.receivedAt)));
      }
      await enqueueOutbox(m, 'listen', events);
      return ins;
    });
    await this.kafka.producer.send(direct);
    return results.map((r) =>
      r.status === 'recorded' && !inserted.has(compositeKey(r.tenantId, r.id))
        ? { ...r, status: 'duplicate' }
        : r,
    );
  }

  private enrich(
    tenantId: string,
    dto: FeedbackDto,
    receivedAt: string,
    journey: JourneyIndex | null,
    taxonomy: ThemeTaxonomy | undefined,
    topicCustomerId: string | null,
  ): FeedbackRecordedV1 {
    const text = dto.comment?.trim() ? analyzeComment(dto.comment, { taxonomy }) : null;
    const place = journey?.locate(dto.touchpoint) ?? null;
    const flags: string[] = [];
    if (!journey) flags.push('no-journey');
    else if (!place?.known) flags.push('unknown-touchpoint');
    if (text && text.pii.length > 0) flags.push('pii-redacted');
    return {
      feedbackId: dto.id,
      tenantId,
      touchpoint: dto.touchpoint,
      stage: place?.stage ?? null,
      owner: place?.owner ?? null,
      channel: dto.channel ?? place?.channel ?? null,
      customerId: topicCustomerId,
      occurredAt: dto.occurredAt ? new Date(dto.occurredAt).toISOString() : receivedAt,
      receivedAt,
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

/** The subjects whose comments go on the topic sealed: feedback with both a customer and a comment. */
function sealedSubjects(items: readonly FeedbackRecordedV1[]): SubjectRef[] {
  const refs: SubjectRef[] = [];
  for (const f of items) {
    const subject = sealingSubject(f);
    if (subject !== null && f.comment !== null) refs.push({ tenantId: f.tenantId, subject });
  }
  return refs;
}

/**
 * The event's data: a customer's comment sealed with their key, `comment` null. Anonymous feedback
 * keeps its (redacted) comment in clear: no erasure could ever find it, so a key would protect nothing.
 */
function onTopic(data: FeedbackRecordedV1, keys: SubjectKeys): FeedbackRecordedV1 {
  const subject = sealingSubject(data);
  if (subject === null || data.comment === null) return data;
  const key = keys.get(compositeKey(data.tenantId, subject));
  // ensureSubjectKeys returned every key asked for in this transaction: a gap is a bug, not input.
  if (!key) throw new Error('no subject key for a comment to seal');
  return { ...data, comment: null, sealedComment: sealText(key, data.tenantId, subject, data.comment) };
}

/** The `cx.feedback.recorded.v1` record of a row, its data already JSON; its time is when it was received. */
function recordedEvent(id: string, data: FeedbackRecordedV1, json: string, receivedAt: Date): OutboxRecord {
  const event = createEvent({
    id,
    type: Topic.FeedbackRecorded,
    source: LISTEN_SOURCE,
    tenantId: data.tenantId,
    subject: data.feedbackId,
    time: receivedAt,
    data,
  });
  return {
    topic: Topic.FeedbackRecorded,
    key: partitionKey(data.tenantId, data.touchpoint),
    headers: toBinaryHeaders(event),
    value: json,
  };
}
