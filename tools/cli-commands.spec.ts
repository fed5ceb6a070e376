import { generateKeyPairSync } from 'node:crypto';
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import { sealOriginal } from '@continuum/kafka';
import { parseArgs, positiveInt } from './args';
import { REPLAYED_FROM_HEADER, replayRecord } from './dlq-replay';
import { formatRecord, summarise, tenantOf } from './tail';
import { formatProblem } from './upload';

const raw = JSON.stringify({
  tenantId: 'acme',
  id: 'f-1',
  touchpoint: 'checkout',
  nps: 3,
  segment: { plan: 'x' },
});

describe('parseArgs', () => {
  it('reads values, inline values and switches; refuses unknown flags and missing values', () => {
    const sut = parseArgs(
      ['t', '--max', '3', '--tenant=acme', '--from-beginning'],
      ['max', 'tenant'],
      ['from-beginning'],
    );
    expect(sut).toEqual({
      positional: ['t'],
      flags: new Map([
        ['max', '3'],
        ['tenant', 'acme'],
      ]),
      switches: new Set(['from-beginning']),
    });
    expect(parseArgs(['--nope'], ['max'])).toBe('unknown option --nope');
    expect(parseArgs(['--max'], ['max'])).toBe('--max needs a value');
    expect(positiveInt('0', 'max')).toBe('--max must be a positive integer');
    expect(positiveInt('12', 'max')).toBe(12);
  });
});

describe('tail lines', () => {
  it('summarise: scalars as k=v, nested as {…} or [n], without tenantId', () => {
    expect(summarise(raw)).toBe('id="f-1" touchpoint="checkout" nps=3 segment={…}');
    expect(summarise('not json')).toBe('"not json"');
    expect(summarise(null)).toBe('(no value)');
  });

  it('formats a CloudEvent and a dead letter', () => {
    const base = {
      topic: Topic.FeedbackRecorded,
      partition: 2,
      offset: '41',
      timestamp: '0',
      key: 'acme:f-1',
    };
    expect(
      formatRecord({
        ...base,
        value: JSON.stringify({ feedbackId: 'f-1', nps: 3, themes: ['a'] }),
        headers: { ce_type: 'feedback.recorded', ce_id: 'e-1', ce_tenantid: 'acme' },
      }),
    ).toBe(
      '1970-01-01T00:00:00.000Z cx.feedback.recorded.v1 2/41 key=acme:f-1 feedback.recorded e-1 tenant=acme | feedbackId="f-1" nps=3 themes=[1]',
    );
    const dead = formatRecord({
      ...base,
      topic: Topic.DeadLetter,
      value: raw,
      headers: {
        [DLT_HEADERS.originalTopic]: Topic.FeedbackRaw,
        [DLT_HEADERS.originalPartition]: '0',
        [DLT_HEADERS.originalOffset]: '7',
        [DLT_HEADERS.code]: 'unknown-tenant',
        [DLT_HEADERS.reason]: 'tenantId: no tenant "acme"',
      },
    });
    expect(dead).toContain(
      'tenant=acme DEAD-LETTER unknown-tenant from cx.feedback.raw.v1 0/7: tenantId: no tenant "acme" |',
    );
    expect(tenantOf({ headers: {}, value: 'oops' })).toBeNull();
  });
});

describe('replayRecord', () => {
  const message = {
    key: Buffer.from('acme:f-1'),
    value: Buffer.from(raw),
    headers: {
      traceparent: Buffer.from('00-abc'),
      [DLT_HEADERS.originalTopic]: Buffer.from(Topic.FeedbackRaw),
      [DLT_HEADERS.code]: Buffer.from('unknown-tenant'),
      [DLT_HEADERS.reason]: Buffer.from('no tenant'),
    },
  };

  it('sends key, value and headers back to the original topic, dlt-* replaced by the origin', () => {
    const sut = replayRecord(message, 3, '99', {});
    expect(sut).toEqual({
      topic: Topic.FeedbackRaw,
      key: message.key,
      value: message.value,
      headers: { traceparent: message.headers.traceparent, [REPLAYED_FROM_HEADER]: '3/99' },
    });
  });

  it('skips what the filters exclude, and what has no original topic', () => {
    expect(replayRecord(message, 0, '1', { topic: Topic.InteractionsRaw })).toEqual({ skip: 'filter' });
    expect(replayRecord(message, 0, '1', { reason: 'validation' })).toEqual({ skip: 'filter' });
    expect(replayRecord(message, 0, '1', { tenant: 'other' })).toEqual({ skip: 'filter' });
    expect(replayRecord(message, 0, '1', { tenant: 'acme', reason: 'unknown-tenant' })).toHaveProperty(
      'topic',
    );
    expect(replayRecord({ ...message, headers: {} }, 0, '1', {})).toEqual({ skip: 'unreplayable' });
  });

  describe('redacted dead letters', () => {
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const original = JSON.stringify({ tenantId: 'acme', id: 'f-1', comment: 'call 333 1234567' });
    const redacted = {
      key: Buffer.from('acme:f-1'),
      value: Buffer.from(JSON.stringify({ tenantId: 'acme', id: 'f-1', comment: 'call [PHONE]' })),
      headers: {
        ...message.headers,
        [DLT_HEADERS.redacted]: Buffer.from('true'),
        [DLT_HEADERS.sealedOriginal]: Buffer.from(
          sealOriginal(keys.publicKey, { key: 'acme:f-1', value: original }),
        ),
      },
    };

    it('sends the sealed original back, opened with the replay key', () => {
      const sut = replayRecord(redacted, 1, '7', { privateKey: keys.privateKey });
      expect(sut).toEqual({
        topic: Topic.FeedbackRaw,
        key: Buffer.from('acme:f-1'),
        value: Buffer.from(original),
        headers: { traceparent: message.headers.traceparent, [REPLAYED_FROM_HEADER]: '1/7' },
      });
    });

    it('never sends the redacted copy: no key, a wrong key or no sealed original is unreplayable', () => {
      const wrong = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      expect(replayRecord(redacted, 1, '7', {})).toEqual({ skip: 'unreplayable' });
      expect(replayRecord(redacted, 1, '7', { privateKey: wrong.privateKey })).toEqual({
        skip: 'unreplayable',
      });
      const { [DLT_HEADERS.sealedOriginal]: _sealed, ...unsealed } = redacted.headers;
      expect(
        replayRecord({ ...redacted, headers: unsealed }, 1, '7', { privateKey: keys.privateKey }),
      ).toEqual({ skip: 'unreplayable' });
    });
  });
});

describe('formatProblem', () => {
  it('prints title, status, detail and each field', () => {
    expect(
      formatProblem(
        400,
        {
          title: 'Invalid request',
          status: 400,
          detail: 'stages: too few',
          errors: [{ field: 'stages', reason: 'too few' }],
        },
        '',
      ),
    ).toBe('Invalid request (400): stages: too few\n  stages: too few');
    expect(formatProblem(502, null, '<html>bad gateway')).toBe('HTTP 502: <html>bad gateway');
  });
});
