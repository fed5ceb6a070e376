/**
 * Privacy through the real stack (issue 20): personal data in identifiers and segments is refused
 * at the HTTP door with the field named, and on the raw topic dead-lettered with a redacted copy,
 * the original kept only sealed for the replay tool.
 */
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { openSealed } from '@continuum/kafka';
import {
  callService,
  createTenant,
  eventually,
  produce,
  startService,
  testDlqKeys,
  testStack,
  TopicRecorder,
  type RunningService,
} from '@continuum/testing';

jest.setTimeout(180_000);

const stack = testStack();
const TENANT = `privacy-${Date.now().toString(36)}`;
let key: string;
let listen: RunningService;
let recorder: TopicRecorder;

const call = (method: string, url: string, body?: unknown) => callService(listen, key, method, url, body);

beforeAll(async () => {
  key = createTenant(stack, TENANT);
  recorder = await TopicRecorder.start(stack, [Topic.DeadLetter, Topic.FeedbackRecorded]);
  listen = await startService('listen', stack);
});

afterAll(async () => {
  await listen?.stop();
  await recorder?.stop();
});

describe('personal data in identifiers and segments', () => {
  it('refuses a phone number as a segment value with a 400 naming segment.<key>, and records nothing', async () => {
    const res = await call('POST', '/v1/feedback', {
      id: 'seg-phone',
      touchpoint: 'checkout',
      nps: 4,
      segment: { plan: 'fibra', richiamare: '+39 333 1234567' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'segment.richiamare',
        reason: 'segment.richiamare looks like personal data (phone); send a pseudonymous value instead',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('1234567');
    expect((await call('GET', '/v1/feedback/seg-phone')).status).toBe(404);
  });

  it('refuses an e-mail as customer id, on feedback and interactions', async () => {
    const fb = await call('POST', '/v1/feedback', {
      id: 'id-mail',
      touchpoint: 'checkout',
      nps: 4,
      customerId: 'mario.rossi@gmail.com',
    });
    expect(fb.status).toBe(400);
    expect(fb.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
    const ix = await call('POST', '/v1/interactions', {
      id: 'ix-mail',
      customerId: 'mario.rossi@gmail.com',
      channel: 'voice',
      touchpoint: 'ivr',
      outcome: 'handled',
      startedAt: new Date(Date.now() - 600_000).toISOString(),
    });
    expect(ix.status).toBe(400);
    expect(ix.body.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
  });

  it('dead-letters the same feedback from the raw topic: reason and origin, a redacted copy, the original sealed', async () => {
    const original = JSON.stringify({
      tenantId: TENANT,
      id: 'raw-seg-phone',
      touchpoint: 'checkout',
      nps: 4,
      segment: { richiamare: '+39 333 1234567' },
    });
    // A valid record behind it: once it is recorded, listen has dealt with the one before it.
    const marker = JSON.stringify({ tenantId: TENANT, id: 'raw-marker', touchpoint: 'checkout', nps: 9 });
    await produce(stack, Topic.FeedbackRaw, [
      { key: `${TENANT}:raw`, value: original },
      { key: `${TENANT}:raw`, value: marker },
    ]);
    const dead = await eventually(
      async () =>
        recorder.where(
          (r) =>
            r.topic === Topic.DeadLetter &&
            r.headers[DLT_HEADERS.originalTopic] === Topic.FeedbackRaw &&
            (r.value ?? '').includes('raw-seg-phone'),
        )[0],
      30_000,
    );
    expect(dead.headers[DLT_HEADERS.code]).toBe('validation');
    expect(dead.headers[DLT_HEADERS.reason]).toContain('segment.richiamare');
    expect(dead.headers[DLT_HEADERS.originalOffset]).toMatch(/^\d+$/);
    expect(JSON.parse(dead.value!)).toEqual({ ...JSON.parse(original), segment: { richiamare: '[PHONE]' } });
    // Nothing of the record in clear holds the number: key, value, any header but the sealed one.
    const { [DLT_HEADERS.sealedOriginal]: sealed, ...clear } = dead.headers;
    expect(JSON.stringify({ key: dead.key, value: dead.value, clear })).not.toMatch(/333\s?1234567/);
    expect(openSealed(testDlqKeys().privateKey, sealed)).toEqual({ key: `${TENANT}:raw`, value: original });
    await eventually(async () => (await call('GET', '/v1/feedback/raw-marker')).status === 200, 30_000);
    expect((await call('GET', '/v1/feedback/raw-seg-phone')).status).toBe(404);
  });
});
