/**
 * Records contact-centre interactions: derives repeat contact and first-contact resolution by
 * event time (repeat-contact.ts), stores the new ones, revises the signals of stored neighbours a
 * new contact changes, and enqueues `cx.interaction.recorded.v1` for each new interaction and
 * `cx.interaction.revised.v1` for each revision, all in one transaction per batch. A resent id is
 * acknowledged as a duplicate and changes nothing.
 *
 * Concurrency: batches that touch the same customer (HTTP, topic, imports, several instances)
 * are serialised by locking the customers' rows in `listen.contacts` first, so each batch sees the
 * contacts the others committed.
 */
import type { JourneyIndex } from '@continuum/journey';
import { JourneyService } from '../journey/journey.service';
import { PseudonymsService, type TopicIds } from '../pseudonyms/pseudonyms.service';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createEvent,
  partitionKey,
  Topic,
  transfersOf,
  type DerivedSignals,
  type InteractionDto,
  type InteractionRevisedV1,
  compositeKey,
} from '@continuum/contracts';
import { enqueueOutbox, outboxRecord, type OutboxRecord } from '@continuum/persistence';
import {
  InteractionsRepository,
  type NeighbourRange,
  type SignalUpdate,
  type StoredInteraction,
} from './interactions.repository';
import { DAY_MS, DEFAULT_REPEAT_WINDOW_DAYS, deriveSignals, type StoredContact } from './repeat-contact';

const LISTEN_SOURCE = '/continuum/listen';

export interface IncomingInteraction {
  readonly tenantId: string;
  readonly dto: InteractionDto;
}

export type RecordStatus = 'recorded' | 'duplicate';

export interface RecordResult {
  readonly tenantId: string;
  readonly id: string;
  readonly status: RecordStatus;
}

/** Another transaction inserted one of our ids between our check and our insert: start over. */
class ConcurrentInsert extends Error {
  override readonly name = 'ConcurrentInsert';
}

const MAX_ATTEMPTS = 5;
const k = (tenantId: string, id: string) => compositeKey(tenantId, id);

@Injectable()
export class InteractionsService {
  private readonly logger = new Logger('interactions');

  constructor(
    private readonly ds: DataSource,
    private readonly repo: InteractionsRepository,
    private readonly journeys: JourneyService,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  /** One transaction for the whole batch, whatever its size and tenants. */
  async record(items: readonly IncomingInteraction[], receivedAt = new Date()): Promise<RecordResult[]> {
    const seen = new Set<string>();
    const candidates: IncomingInteraction[] = [];
    for (const item of items) {
      const key = k(item.tenantId, item.dto.id);
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(item);
    }
    const ids = await this.pseudonyms.forTenants(candidates.map((c) => c.tenantId));
    for (let attempt = 1; ; attempt++) {
      try {
        const recorded = await this.ds.transaction((m) => this.recordIn(m, candidates, receivedAt, ids));
        const firstOf = new Set<string>();
        return items.map(({ tenantId, dto }) => {
          const key = k(tenantId, dto.id);
          const isFirst = !firstOf.has(key);
          firstOf.add(key);
          return { tenantId, id: dto.id, status: isFirst && recorded.has(key) ? 'recorded' : 'duplicate' };
        });
      } catch (err) {
        const retry = err instanceof ConcurrentInsert || ['40001', '40P01'].includes(pgCode(err));
        if (!retry || attempt >= MAX_ATTEMPTS) throw err;
        this.logger.warn(`interaction batch conflicted (${String(err)}); attempt ${attempt + 1}`);
      }
    }
  }

  private async recordIn(
    m: EntityManager,
    candidates: readonly IncomingInteraction[],
    receivedAt: Date,
    ids: TopicIds,
  ): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const tenantIds = candidates.map((c) => c.tenantId);
    const [windows, journeys] = await Promise.all([
      this.repo.windows(m, tenantIds),
      this.journeys.indexes(tenantIds),
    ]);
    // The journey map's window wins; the per-tenant interaction setting is the fallback.
    const windowDays = (tenantId: string) =>
      journeys.get(tenantId)?.journey.repeatContactWindowDays ??
      windows.get(tenantId) ??
      DEFAULT_REPEAT_WINDOW_DAYS;

    // Per customer: the span of the new contacts, widened by the window, is where neighbours are.
    const customers = new Map<string, { tenantId: string; customerId: string; first: Date; last: Date }>();
    for (const { tenantId, dto } of candidates) {
      const t = new Date(dto.startedAt);
      const c = customers.get(k(tenantId, dto.customerId));
      if (!c)
        customers.set(k(tenantId, dto.customerId), {
          tenantId,
          customerId: dto.customerId,
          first: t,
          last: t,
        });
      else {
        if (t < c.first) c.first = t;
        if (t > c.last) c.last = t;
      }
    }
    await this.repo.lockCustomers(m, [...customers.values()]);
    const ranges: NeighbourRange[] = [...customers.values()].map((c) => {
      const w = windowDays(c.tenantId) * DAY_MS;
      return {
        tenantId: c.tenantId,
        customerId: c.customerId,
        from: new Date(c.first.getTime() - w),
        to: new Date(c.last.getTime() + w),
      };
    });
    const { existing, near } = await this.repo.existingAndNear(
      m,
      candidates.map((c) => ({ tenantId: c.tenantId, id: c.dto.id })),
      ranges,
    );
    const fresh = candidates.filter((c) => !existing.has(k(c.tenantId, c.dto.id)));

    const nearByCustomer = groupBy(near, (s) => k(s.tenantId, s.customerId));
    const freshByCustomer = groupBy(fresh, (c) => k(c.tenantId, c.dto.customerId));
    const rows: StoredInteraction[] = [];
    const revised: {
      row: StoredInteraction;
      update: SignalUpdate;
      previous: DerivedSignals;
      causedBy: string;
    }[] = [];
    for (const [customer, group] of freshByCustomer) {
      const tenantId = group[0].tenantId;
      const days = windowDays(tenantId);
      const stored = nearByCustomer.get(customer) ?? [];
      const d = deriveSignals(
        stored.map(toContact),
        group.map(({ dto }) => ({
          id: dto.id,
          startedAt: Date.parse(dto.startedAt),
          outcome: dto.outcome,
          resolved: dto.resolved ?? null,
        })),
        days * DAY_MS,
      );
      for (const { dto } of group)
        rows.push(
          this.toRow(tenantId, dto, d.fresh.get(dto.id)!, days, receivedAt, journeys.get(tenantId) ?? null),
        );
      const byId = new Map(stored.map((s) => [s.interactionId, s]));
      for (const r of d.revisions) {
        const before = byId.get(r.id)!;
        const update: SignalUpdate = {
          tenantId,
          id: r.id,
          repeatContact: r.current.repeatContact,
          firstContactResolution: r.current.firstContactResolution,
          revision: before.revision + 1,
        };
        revised.push({
          row: { ...before, ...r.current, revision: update.revision },
          update,
          previous: r.previous,
          causedBy: r.causedBy,
        });
      }
    }

    const inserted = await this.repo.write(
      m,
      rows,
      revised.map((r) => r.update),
      receivedAt,
    );
    if (inserted.size !== rows.length)
      throw new ConcurrentInsert('an interaction id was inserted concurrently');

    // Events name the customer as the tenant's topics do; the rows keep the customer's id.
    const eventIdOf = new Map(rows.map((r) => [k(r.tenantId, r.interactionId), r.eventId]));
    const events: OutboxRecord[] = rows.map((r) => {
      const { eventId, revision: _revision, ...row } = r;
      const data = { ...row, customerId: ids.topicId(r.tenantId, r.customerId) };
      return outboxRecord(
        Topic.InteractionRecorded,
        partitionKey(r.tenantId, r.touchpoint),
        createEvent({
          id: eventId,
          type: Topic.InteractionRecorded,
          source: LISTEN_SOURCE,
          tenantId: r.tenantId,
          subject: r.interactionId,
          time: receivedAt,
          data,
        }),
      );
    });
    for (const { row, previous, causedBy } of revised) {
      const { eventId: _eventId, ...rest } = row;
      const data: InteractionRevisedV1 = {
        ...rest,
        customerId: ids.topicId(row.tenantId, row.customerId),
        previous,
        causedBy,
      };
      const causeId = eventIdOf.get(k(row.tenantId, causedBy))!;
      events.push(
        outboxRecord(
          Topic.InteractionRevised,
          partitionKey(row.tenantId, row.touchpoint),
          createEvent({
            type: Topic.InteractionRevised,
            source: LISTEN_SOURCE,
            tenantId: row.tenantId,
            subject: row.interactionId,
            time: receivedAt,
            cause: { id: causeId, correlationId: causeId },
            data,
          }),
        ),
      );
    }
    await this.pseudonyms.remember(m, ids);
    await enqueueOutbox(m, 'listen', events);
    return inserted;
  }

  private toRow(
    tenantId: string,
    dto: InteractionDto,
    signals: { repeatContact: boolean; firstContactResolution: boolean | null },
    windowDays: number,
    receivedAt: Date,
    journey: JourneyIndex | null,
  ): StoredInteraction {
    const started = new Date(dto.startedAt);
    const place = journey?.locate(dto.touchpoint) ?? null;
    return {
      eventId: randomUUID(),
      revision: 0,
      interactionId: dto.id,
      tenantId,
      customerId: dto.customerId,
      touchpoint: dto.touchpoint,
      stage: place?.stage ?? null,
      owner: place?.owner ?? null,
      channel: dto.channel,
      queue: dto.queue ?? null,
      agentId: dto.agentId ?? null,
      outcome: dto.outcome,
      startedAt: started.toISOString(),
      endedAt: dto.endedAt ? new Date(dto.endedAt).toISOString() : null,
      waitSeconds: dto.waitSeconds ?? null,
      holdSeconds: dto.holdSeconds ?? null,
      handleSeconds: dto.handleSeconds ?? null,
      transfers: transfersOf(dto),
      resolved: dto.resolved ?? null,
      repeatContact: signals.repeatContact,
      firstContactResolution: signals.firstContactResolution,
      flags: !journey ? ['no-journey'] : place?.known ? [] : ['unknown-touchpoint'],
      repeatWindowDays: windowDays,
      repeatWindowEndsAt: new Date(started.getTime() + windowDays * DAY_MS).toISOString(),
      receivedAt: receivedAt.toISOString(),
    };
  }
}

function toContact(s: StoredInteraction): StoredContact {
  return {
    id: s.interactionId,
    startedAt: Date.parse(s.startedAt),
    repeatContact: s.repeatContact,
    firstContactResolution: s.firstContactResolution,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const kk = key(item);
    const list = out.get(kk);
    if (list) list.push(item);
    else out.set(kk, [item]);
  }
  return out;
}

function pgCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const o = e as { code?: unknown; driverError?: unknown };
    if (typeof o.code === 'string') return o.code;
    e = o.driverError;
  }
  return '';
}
