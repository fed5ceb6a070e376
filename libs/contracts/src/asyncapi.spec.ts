import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { buildAsyncApi, renderAsyncApi } from './asyncapi';
import { DLT_HEADERS } from './dead-letter';
import { RawFeedbackDto } from './dto/feedback.dto';
import { validatePayload } from './dto/validate';
import { createEvent, toBinaryHeaders } from './envelope';
import { RAW_FEEDBACK_SCHEMA } from './schemas/feedback.schema';
import { cloudEventHeaders } from './schemas/headers';
import { topicConfig } from './topic-config';
import { Topic, TOPICS } from './topics';

const FILE = path.resolve(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

function ajv(): Ajv {
  const a = new Ajv({ allErrors: true, strict: false });
  addFormats(a);
  return a;
}

describe('docs/asyncapi.yaml', () => {
  it('is what `npm run asyncapi` generates from the code (run it after changing libs/contracts)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(renderAsyncApi());
  });

  it('is a valid AsyncAPI 3 document for the official parser, with every catalogue topic', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(FILE, 'utf8'));
    // Severity 0 is an error, 1 a warning; 2 and 3 are hints such as "3.1.0 exists".
    expect(
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document).toBeDefined();
    const channels = document!.channels().all();
    expect(channels.map((c) => c.address()).sort()).toEqual(TOPICS.map((t) => t.name).sort());
    for (const spec of TOPICS) {
      const channel = channels.find((c) => c.address() === spec.name)!;
      const binding = channel.bindings().get('kafka')!.value<Record<string, unknown>>();
      expect(binding).toMatchObject({
        topic: spec.name,
        partitions: spec.partitions,
        topicConfiguration: {
          'cleanup.policy': [topicConfig(spec)['cleanup.policy']],
          'retention.ms': spec.retentionMs,
        },
      });
      const [message] = channel.messages().all();
      expect(message.bindings().get('kafka')!.value()).toMatchObject({ key: { description: spec.key } });
      expect(message.hasPayload()).toBe(true);
      expect(message.hasHeaders()).toBe(true);
    }
  });
});

describe('the published schemas agree with the code', () => {
  it('headers of an event built by createEvent validate; a wrong type or version does not', () => {
    const event = createEvent({
      type: Topic.LoopClosed,
      source: '/continuum/act',
      tenantId: 'acme',
      data: { tenantId: 'acme', actionId: 'a-1', gapKey: 'g', customers: [], summary: 's' },
    });
    const sut = ajv().compile(cloudEventHeaders(Topic.LoopClosed, '/continuum/act'));
    expect(sut(toBinaryHeaders(event))).toBe(true);
    expect(sut({ ...toBinaryHeaders(event), ce_type: Topic.Actions })).toBe(false);
    expect(sut({ ...toBinaryHeaders(event), ce_specversion: '0.3' })).toBe(false);
    expect(sut({ ...toBinaryHeaders(event), traceparent: 'not-a-trace' })).toBe(false);
  });

  it('the dead-letter headers are the names the transport writes', () => {
    const doc = buildAsyncApi() as { components: { messages: Record<string, { headers: object }> } };
    const headers = doc.components.messages.DeadLetter.headers as { required: string[] };
    expect([...headers.required].sort()).toEqual(Object.values(DLT_HEADERS).sort());
  });

  // The shape is checked at compile time (FromSchema); the rules (bounds, patterns, the
  // at-least-one-score rule) are checked here against the DTO that listen validates with.
  const base = { tenantId: 'acme', id: 'f-1', touchpoint: 'checkout' };
  const cases: [string, Record<string, unknown>][] = [
    ['minimal', { ...base, nps: 0 }],
    [
      'every field',
      {
        ...base,
        channel: 'web',
        customerId: 'c-42',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        nps: 10,
        csat: 5,
        ces: 7,
        emoji: '🙂',
        comment: 'ok',
        segment: { plan: 'fibra' },
        consentToContact: true,
      },
    ],
    ['an offset without colon and no seconds', { ...base, nps: 5, occurredAt: '2026-01-02T10:00+0100' }],
    ['no score', { ...base }],
    ['nps 11', { ...base, nps: 11 }],
    ['nps 4.5', { ...base, nps: 4.5 }],
    ['csat 0', { ...base, csat: 0 }],
    ['ces 8', { ...base, ces: 8 }],
    ['an unknown emoji', { ...base, emoji: 'meh' }],
    ['an unknown field', { ...base, nps: 3, score: 3 }],
    ['an id with a space', { ...base, id: 'f 1', nps: 3 }],
    ['an empty channel', { ...base, channel: '', nps: 3 }],
    ['a long comment', { ...base, comment: 'x'.repeat(5001) }],
    ['a nested segment', { ...base, nps: 3, segment: { plan: { a: 1 } } }],
    ['a bad segment key', { ...base, nps: 3, segment: { '1plan': 'x' } }],
    ['no tenant', { id: 'f-1', touchpoint: 'checkout', nps: 3 }],
    ['a date without offset', { ...base, nps: 3, occurredAt: '2026-01-02T10:00:00' }],
  ];
  const sut = ajv().compile(RAW_FEEDBACK_SCHEMA);
  it.each(cases)('%s: the schema and RawFeedbackDto give the same verdict', (_, payload) => {
    expect(sut(payload)).toBe(validatePayload(RawFeedbackDto, payload).ok);
  });
});

describe('renderAsyncApi', () => {
  it('renders YAML that reads back as the built document', () => {
    expect(parse(renderAsyncApi())).toEqual(JSON.parse(JSON.stringify(buildAsyncApi())));
  });
});
