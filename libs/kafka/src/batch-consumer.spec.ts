import { Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import {
  createEvent,
  RAW_FEEDBACK_RULES,
  toBinaryHeaders,
  Topic,
  type CloudEvent,
  type ContactOptedOutV1,
} from '@continuum/contracts';
import { eventsConsumer, rawRecordsConsumer, type TenantLookup } from './batch-consumer';
import type { BatchOutcome, InboundRecord, RecordBatch } from './records';

interface Door {
  onBatch(batch: RecordBatch): Promise<BatchOutcome>;
}

const inbound = (topic: string, i: number, value: string, headers: Record<string, string> = {}) =>
  ({ topic, partition: 0, offset: String(i), timestamp: '0', key: null, value, headers }) as InboundRecord;

function optOuts(...customerIds: string[]): RecordBatch {
  const records = customerIds.map((customerId, i) => {
    const data: ContactOptedOutV1 = {
      tenantId: 'acme',
      customerId,
      source: 'loop-message',
      at: '2026-12-01T10:00:00.000Z',
    };
    const e = createEvent({
      type: Topic.ContactOptedOut,
      source: '/continuum/collect',
      tenantId: 'acme',
      data,
    });
    return inbound(Topic.ContactOptedOut, i, JSON.stringify(data), toBinaryHeaders(e));
  });
  return { topic: Topic.ContactOptedOut, partition: 0, records };
}

@Injectable()
class UseCase {
  readonly seen: string[] = [];

  async optOut(events: readonly CloudEvent<Topic.ContactOptedOut>[]): Promise<void> {
    this.seen.push(...events.map((e) => e.data.customerId));
  }

  async record(items: readonly { tenantId: string; dto: { id: string } }[]): Promise<void> {
    this.seen.push(...items.map((i) => `${i.tenantId}/${i.dto.id}`));
  }
}

@Injectable()
class Tenants implements TenantLookup {
  async tenantExists(tenantId: string): Promise<boolean> {
    return tenantId === 'acme';
  }
}

/** The door as Nest builds it, with its use case injected. */
async function built(
  door: Type<unknown>,
): Promise<{ sut: Door; useCase: UseCase; close: () => Promise<void> }> {
  @Module({ providers: [UseCase, Tenants], controllers: [door] })
  class DoorModule {}
  const app = await NestFactory.createApplicationContext(DoorModule, { logger: false });
  return { sut: app.get<Door>(door), useCase: app.get(UseCase), close: () => app.close() };
}

describe(eventsConsumer.name, () => {
  const door = eventsConsumer(
    Topic.ContactOptedOut,
    UseCase,
    (useCase, events) => useCase.optOut(events),
    (e) => (e.data.customerId === 'c-2' ? 'not c-2' : null),
  );

  it("handles its topic's batches, handing the valid events to the injected use case", async () => {
    const { sut, useCase, close } = await built(door);
    try {
      expect(Reflect.getMetadata(PATTERN_METADATA, sut.onBatch)).toEqual([Topic.ContactOptedOut]);
      const outcome = await sut.onBatch(optOuts('c-1', 'c-2'));
      expect(useCase.seen).toEqual(['c-1']);
      expect(outcome.rejected.map((r) => [r.record.offset, r.reason])).toEqual([['1', 'not c-2']]);
    } finally {
      await close();
    }
  });
});

describe(rawRecordsConsumer.name, () => {
  const door = rawRecordsConsumer(
    Topic.FeedbackRaw,
    RAW_FEEDBACK_RULES,
    { useCase: UseCase, tenants: Tenants },
    (useCase, accepted) => useCase.record(accepted),
  );

  it('hands the records of known tenants to the use case and rejects the rest', async () => {
    const { sut, useCase, close } = await built(door);
    const raw = (tenantId: string, id: string) => JSON.stringify({ tenantId, id, touchpoint: 'x', nps: 9 });
    try {
      expect(Reflect.getMetadata(PATTERN_METADATA, sut.onBatch)).toEqual([Topic.FeedbackRaw]);
      const outcome = await sut.onBatch({
        topic: Topic.FeedbackRaw,
        partition: 0,
        records: [
          inbound(Topic.FeedbackRaw, 0, raw('acme', 'f-1')),
          inbound(Topic.FeedbackRaw, 1, raw('nobody', 'f-2')),
          inbound(Topic.FeedbackRaw, 2, '{'),
        ],
      });
      expect(useCase.seen).toEqual(['acme/f-1']);
      expect(outcome.rejected.map((r) => [r.record.offset, r.code])).toEqual([
        ['2', 'invalid-json'],
        ['1', 'unknown-tenant'],
      ]);
    } finally {
      await close();
    }
  });
});
