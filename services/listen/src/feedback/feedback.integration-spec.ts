/**
 * The raw path's delivery guarantee against the real PostgreSQL schema and broker: feedback read
 * from `cx.feedback.raw.v1` is published straight after its transaction commits (no outbox row),
 * so a record delivered again — the consumer died after the commit, before or after the publish,
 * and before its offset commit — must publish its row's event again, with the same event id,
 * while a resend of the same id (another record, or an HTTP call) publishes nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { FeedbackDto, openSealed, SEALED_PATTERN, Topic, validatePayload } from '@continuum/contracts';
import { createDataSource, TenantDirectory } from '@continuum/persistence';
import { KafkaProvider } from '@continuum/platform';
import { eventually, testStack } from '@continuum/testing';
import { JourneyRepository } from '../journey/journey.repository';
import { JourneyService } from '../journey/journey.service';
import { ListenConfig } from '../listen.config';
import { PseudonymsRepository } from '../pseudonyms/pseudonyms.repository';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { ThemesService } from '../themes/themes.service';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService, type IncomingFeedback } from './feedback.service';

jest.setTimeout(60_000);

const stack = testStack();
const TENANT = `feedback-it-${Date.now().toString(36)}`;

let ds: DataSource;
let kafka: KafkaProvider;
let service: FeedbackService;
let consumer: Consumer;
/** This tenant's recorded events, as read from the topic. */
const seen: { value: string; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  const cfg = Object.assign(new ListenConfig(), {
    KAFKA_BROKERS: stack.kafkaBrokers,
    DATABASE_URL: stack.databaseUrl,
  });
  ds = await createDataSource({
    url: stack.databaseUrl,
    schema: 'listen',
    applicationName: 'listen-integration-test',
    poolSize: 2,
  }).initialize();
  kafka = new KafkaProvider(cfg, 'listen');
  service = new FeedbackService(
    ds,
    new FeedbackRepository(ds),
    new JourneyService(ds, new JourneyRepository(ds), new TenantDirectory(ds), cfg),
    new ThemesService(ds),
    kafka,
    new PseudonymsService(ds, new PseudonymsRepository(ds)),
  );
  consumer = kafka.kafka.consumer({ groupId: `listen-it-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [Topic.FeedbackRecorded], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      if (headers.ce_tenantid === TENANT) seen.push({ value: message.value!.toString(), headers });
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await kafka?.producer.disconnect();
  await ds?.destroy();
});

function dto(id: string, nps: number): FeedbackDto {
  const v = validatePayload(FeedbackDto, { id, touchpoint: 'checkout', customerId: 'c-1', nps });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.value;
}
const raw = (id: string, nps: number, offset: string): IncomingFeedback => ({
  tenantId: TENANT,
  dto: dto(id, nps),
  origin: { originPartition: 2, originOffset: offset },
});
const events = (feedbackId: string) => seen.filter((r) => r.headers.ce_subject === feedbackId);
const outboxRows = async (): Promise<number> =>
  Number(
    (
      await ds.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM listen.outbox WHERE headers->>'ce_tenantid' = $1`,
        [TENANT],
      )
    )[0].n,
  );

const contactRows = (id: string): Promise<{ kind: string; customer_id: string }[]> =>
  ds.query('SELECT kind, customer_id FROM listen.survey_contacts WHERE tenant_id = $1 AND id = $2', [
    TENANT,
    id,
  ]);

describe('feedback from the raw topic', () => {
  it('is recorded with its position and published without an outbox row', async () => {
    const [result] = await service.record([raw('raw-1', 3, '100')]);
    expect(result).toEqual({ tenantId: TENANT, id: 'raw-1', status: 'recorded' });
    const rows: { origin_partition: number; origin_offset: string }[] = await ds.query(
      'SELECT origin_partition, origin_offset FROM listen.feedback WHERE tenant_id = $1 AND id = $2',
      [TENANT, 'raw-1'],
    );
    expect(rows).toEqual([{ origin_partition: 2, origin_offset: '100' }]);
    const [event] = await eventually(async () => events('raw-1').length === 1 && events('raw-1'));
    expect(JSON.parse(event.value)).toMatchObject({ feedbackId: 'raw-1', nps: 3, tenantId: TENANT });
    // The event names the customer by pseudonym, mapped in the same transaction; the row keeps the id.
    const { customerId } = JSON.parse(event.value) as { customerId: string };
    expect(customerId).toMatch(/^psn_[A-Za-z0-9_-]{27}$/);
    expect(
      await ds.query(`SELECT customer_id FROM listen.pseudonyms WHERE tenant_id = $1 AND pseudonym = $2`, [
        TENANT,
        customerId,
      ]),
    ).toEqual([{ customer_id: 'c-1' }]);
    expect(await outboxRows()).toBe(0);
    // The answer counts as a survey contact of its customer, written by the same statement.
    expect(await contactRows('raw-1')).toEqual([{ kind: 'feedback', customer_id: 'c-1' }]);
  });

  it('delivered again from the same position, publishes the same event again', async () => {
    const first = events('raw-1')[0];
    // What the consumer sees after dying between the commit and its offset commit.
    const [again] = await service.record([raw('raw-1', 3, '100')]);
    expect(again.status).toBe('duplicate');
    const both = await eventually(async () => events('raw-1').length === 2 && events('raw-1'));
    expect(both.map((e) => e.headers.ce_id)).toEqual([first.headers.ce_id, first.headers.ce_id]);
    expect(both[1].value).toBe(first.value);
    expect(both[1].headers.ce_time).toBe(first.headers.ce_time);
  });

  it('resent as another record, or over HTTP, publishes nothing and changes nothing', async () => {
    const results = await service.record([
      raw('raw-1', 9, '101'),
      { tenantId: TENANT, dto: dto('raw-1', 10) },
      raw('raw-2', 5, '102'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'recorded']);
    // raw-2 was published after raw-1's resends were handled in the same call: once it is on
    // the topic, nothing more for raw-1 is coming.
    await eventually(async () => events('raw-2').length === 1);
    expect(events('raw-1')).toHaveLength(2);
    const [row]: { nps: number }[] = await ds.query(
      'SELECT nps FROM listen.feedback WHERE tenant_id = $1 AND id = $2',
      [TENANT, 'raw-1'],
    );
    expect(row.nps).toBe(3);
    expect(await contactRows('raw-1')).toHaveLength(1);
  });

  it('over HTTP goes through the outbox, without a position', async () => {
    const [result] = await service.record([{ tenantId: TENANT, dto: dto('http-1', 7) }]);
    expect(result.status).toBe('recorded');
    expect(await outboxRows()).toBe(1);
    const rows: { origin_partition: number | null }[] = await ds.query(
      'SELECT origin_partition FROM listen.feedback WHERE tenant_id = $1 AND id = $2',
      [TENANT, 'http-1'],
    );
    expect(rows).toEqual([{ origin_partition: null }]);
  });
});

describe('a comment', () => {
  const TEXT = 'Attesa infinita al telefono, pessimo';
  const commented = (id: string, customerId?: string): FeedbackDto => {
    const v = validatePayload(FeedbackDto, { id, touchpoint: 'checkout', nps: 2, comment: TEXT, customerId });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    return v.value;
  };
  const keyOf = async (subject: string): Promise<Buffer[]> =>
    (
      await ds.query<{ key: Buffer }[]>(
        'SELECT key FROM tenancy.subject_keys WHERE tenant_id = $1 AND subject = $2',
        [TENANT, subject],
      )
    ).map((r) => r.key);

  it('of a customer is stored in clear, published sealed with the key its transaction created', async () => {
    const origin = { originPartition: 3, originOffset: '200' };
    const [r] = await service.record([{ tenantId: TENANT, dto: commented('sealed-1', 'c-sealed'), origin }]);
    expect(r.status).toBe('recorded');
    const [row]: { comment: string }[] = await ds.query(
      'SELECT comment FROM listen.feedback WHERE tenant_id = $1 AND id = $2',
      [TENANT, 'sealed-1'],
    );
    expect(row.comment).toBe(TEXT);
    const [event] = await eventually(async () => events('sealed-1').length === 1 && events('sealed-1'));
    expect(event.value).not.toContain('Attesa');
    const data = JSON.parse(event.value) as {
      comment: string | null;
      sealedComment: string;
      customerId: string;
    };
    // The key belongs to the customer as topics name them: their pseudonym.
    const subject = data.customerId;
    expect(subject).toMatch(/^psn_/);
    expect(data.comment).toBeNull();
    expect(data.sealedComment).toMatch(new RegExp(SEALED_PATTERN));
    const keys = await keyOf(subject);
    expect(keys).toHaveLength(1);
    expect(openSealed(keys[0], TENANT, subject, data.sealedComment)).toBe(TEXT);
    // Redelivered from the same position: the same event again, sealed with the same key.
    await service.record([{ tenantId: TENANT, dto: commented('sealed-1', 'c-sealed'), origin }]);
    const both = await eventually(async () => events('sealed-1').length === 2 && events('sealed-1'));
    expect(both[1].headers.ce_id).toBe(event.headers.ce_id);
    const again = JSON.parse(both[1].value) as { sealedComment: string };
    expect(openSealed(keys[0], TENANT, subject, again.sealedComment)).toBe(TEXT);
    // A second comment of the customer reuses their key.
    await service.record([{ tenantId: TENANT, dto: commented('sealed-2', 'c-sealed') }]);
    expect(await keyOf(subject)).toEqual(keys);
  });

  it('of anonymous feedback travels in clear, and makes no key', async () => {
    await service.record([
      { tenantId: TENANT, dto: commented('anon-1'), origin: { originPartition: 3, originOffset: '201' } },
    ]);
    const [event] = await eventually(async () => events('anon-1').length === 1 && events('anon-1'));
    expect(JSON.parse(event.value)).toMatchObject({ comment: TEXT, customerId: null });
    expect(JSON.parse(event.value)).not.toHaveProperty('sealedComment');
    const [{ n }] = await ds.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM tenancy.subject_keys WHERE tenant_id = $1',
      [TENANT],
    );
    expect(Number(n)).toBe(1);
  });
});
