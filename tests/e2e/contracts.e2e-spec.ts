/**
 * The published contract holds on the wire: every record the running services publish for one
 * loop (recorded feedback, metrics, actions, dead letters) is checked, headers and payload,
 * against the schemas of docs/asyncapi.yaml as the official AsyncAPI parser reads them, with an
 * independent JSON Schema validator (ajv). The example subscriber, run as an integrator would,
 * prints the action, and the caller's W3C trace follows the feedback from listen to act.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseTraceparent, Topic } from '@continuum/contracts';
import { e2eSuite, eventually, produce, ROOT, type SeenRecord } from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = `contracts-${randomUUID().slice(0, 8)}`;
const TRACE_ID = randomBytes(16).toString('hex');
const CALLER_TRACEPARENT = `00-${TRACE_ID}-${randomBytes(8).toString('hex')}-01`;
const CHECKED = [Topic.FeedbackRecorded, Topic.MetricsUpdated, Topic.Actions, Topic.DeadLetter];

let doc: AsyncAPIDocumentInterface;
let subscriber: ChildProcess;
let subscriberOut = '';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

function validators(topic: string): { headers: ValidateFunction; payload: ValidateFunction } {
  const channel = doc
    .channels()
    .all()
    .find((c) => c.address() === topic);
  if (!channel) throw new Error(`${topic} is not in docs/asyncapi.yaml`);
  const [message] = channel.messages().all();
  return {
    headers: ajv.compile(message.headers()!.json()),
    payload: ajv.compile(message.payload()!.json()),
  };
}

function problems(v: ValidateFunction, data: unknown): string[] {
  return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const ours = (r: SeenRecord) =>
  r.headers.ce_tenantid === TENANT || (r.key?.startsWith(`${TENANT}:`) ?? false);

async function post(body: unknown) {
  return fetch(`${suite.listen.url}/v1/feedback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${suite.key}`,
      traceparent: CALLER_TRACEPARENT,
    },
    body: JSON.stringify(body),
  });
}

const suite = e2eSuite({
  tenants: [TENANT],
  record: CHECKED,
  services: { listen: {}, measure: {}, act: {} },
});

beforeAll(async () => {
  const parsed = await new Parser().parse(readFileSync(path.join(ROOT, 'docs', 'asyncapi.yaml'), 'utf8'));
  expect(parsed.diagnostics.filter((d) => d.severity === 0)).toEqual([]);
  doc = parsed.document!;
  subscriber = spawn('node', [path.join('examples', 'subscriber', 'subscriber.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_BROKERS: suite.stack.kafkaBrokers,
      GROUP_ID: `example-subscriber-${TENANT}`,
      FROM_BEGINNING: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  subscriber.stdout!.on('data', (b: Buffer) => (subscriberOut += b.toString()));
  subscriber.stderr!.on('data', (b: Buffer) => (subscriberOut += b.toString()));
});

afterAll(async () => {
  if (subscriber && subscriber.exitCode === null) {
    const exited = new Promise((r) => subscriber.once('exit', r));
    subscriber.kill('SIGTERM');
    await exited;
  }
});

describe('records on the wire match docs/asyncapi.yaml', () => {
  let captured: SeenRecord[];

  it('one loop publishes recorded feedback, metrics, an action and a dead letter', async () => {
    const promoter = await post({ id: 'c-1', touchpoint: 'checkout', nps: 9, channel: 'web' });
    expect(promoter.status).toBe(202);
    const detractor = await post({
      id: 'c-2',
      touchpoint: 'checkout',
      nps: 2,
      csat: 1,
      comment: 'Never again, write to mario.rossi@example.com',
      customerId: 'cust-7',
      consentToContact: true,
      segment: { plan: 'fibra' },
    });
    expect(detractor.status).toBe(202);
    expect(parseTraceparent(detractor.headers.get('traceresponse'))?.traceId).toBe(TRACE_ID);
    await produce(suite.stack, Topic.FeedbackRaw, [{ key: `${TENANT}:raw`, value: '{"not": "closed"' }]);

    captured = await eventually(async () => {
      const mine = suite.recorder.where(ours);
      const on = (t: Topic) => mine.filter((r) => r.topic === t).length;
      return on(Topic.FeedbackRecorded) >= 2 &&
        on(Topic.MetricsUpdated) >= 1 &&
        on(Topic.Actions) >= 1 &&
        on(Topic.DeadLetter) >= 1
        ? mine
        : null;
    }, 30_000);
  });

  it.each(CHECKED)('every record of %s validates, headers and payload', (topic) => {
    const v = validators(topic);
    const records = captured.filter((r) => r.topic === topic);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect({ offset: r.offset, headers: problems(v.headers, r.headers) }).toEqual({
        offset: r.offset,
        headers: [],
      });
      let payload: unknown = r.value;
      try {
        payload = JSON.parse(r.value ?? '');
      } catch {
        // a dead letter may hold a value that is not JSON; its schema accepts any value
      }
      expect({ offset: r.offset, payload: problems(v.payload, payload) }).toEqual({
        offset: r.offset,
        payload: [],
      });
    }
  });

  it('a drifted record would fail: the validators are not vacuous', () => {
    const v = validators(Topic.FeedbackRecorded);
    const good = captured.find((r) => r.topic === Topic.FeedbackRecorded)!;
    const data = JSON.parse(good.value!);
    expect(problems(v.payload, { ...data, extra: 1 })).not.toEqual([]);
    expect(problems(v.payload, { ...data, nps: 11 })).not.toEqual([]);
    const { ce_tenantid: _t, ...headers } = good.headers;
    expect(problems(v.headers, headers)).not.toEqual([]);
  });

  it("the caller's trace follows the detractor from listen to act", () => {
    const recorded = captured.find(
      (r) => r.topic === Topic.FeedbackRecorded && r.headers.ce_subject === 'c-2',
    )!;
    const action = captured.find((r) => r.topic === Topic.Actions)!;
    expect(parseTraceparent(recorded.headers.traceparent)?.traceId).toBe(TRACE_ID);
    expect(parseTraceparent(action.headers.traceparent)?.traceId).toBe(TRACE_ID);
    expect(action.headers.ce_causationid).toBe(recorded.headers.ce_id);
    // Every hop is a span of its own.
    expect(action.headers.traceparent).not.toBe(recorded.headers.traceparent);
  });
});

describe('the example subscriber', () => {
  it('prints the action, decoded with the CloudEvents SDK from its own consumer group', async () => {
    const action = suite.recorder.where((r) => ours(r) && r.topic === Topic.Actions)[0];
    const data = JSON.parse(action.value!);
    const line = await eventually(async () => {
      const lines = subscriberOut.split('\n').filter((l) => l.includes(data.action.id));
      return lines.length > 0 ? lines[0] : null;
    }, 30_000);
    expect(JSON.parse(line)).toMatchObject({
      eventId: action.headers.ce_id,
      type: Topic.Actions,
      tenantId: TENANT,
      change: 'opened',
      actionId: data.action.id,
      status: 'open',
      loop: 'inner',
      causationId: action.headers.ce_causationid,
    });
    expect(parseTraceparent(JSON.parse(line).traceparent)?.traceId).toBe(TRACE_ID);
    expect(subscriberOut).not.toContain('skipping');
  });
});
