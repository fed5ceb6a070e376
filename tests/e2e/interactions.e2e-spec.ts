/**
 * Implicit signals and bulk history through a real listen process, broker and database:
 * interactions over HTTP and the raw topic with repeat contact and first-contact resolution
 * derived by event time (late contacts revise earlier events), dead letters with reasons, and
 * streamed CSV imports of a few thousand rows with bad lines, checked against the import report.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  SEALED_PATTERN,
  Topic,
  type InteractionRecordedV1,
  type InteractionRevisedV1,
} from '@continuum/contracts';
import {
  callService,
  createTenant,
  e2eSuite,
  eventually,
  produce,
  pseudonymOf,
  ROOT,
  type SeenRecord,
} from '@continuum/testing';

jest.setTimeout(180_000);

const TENANT = 'acme-ix';
const DAY = 86_400_000;
/** A tenant of its own for marker interactions, so they count in no expectation of TENANT's. */
const MARKER = `${TENANT}-marker`;
let markers = 0;

const call = (method: string, p: string, body?: unknown, contentType?: string, auth: string = suite.key) =>
  callService(suite.listen, auth, method, p, body, { contentType });

const iso = (ms: number) => new Date(ms).toISOString();
/** A fixed past instant, whole seconds, so the test's expectations are exact. */
const T0 = Math.floor((Date.now() - 60 * DAY) / 1000) * 1000;

function recorded(id: string): SeenRecord[] {
  return suite.recorder.where((r) => r.topic === Topic.InteractionRecorded && r.headers.ce_subject === id);
}
function revisions(id: string): InteractionRevisedV1[] {
  return suite.recorder
    .where((r) => r.topic === Topic.InteractionRevised && r.headers.ce_subject === id)
    .map((r) => JSON.parse(r.value!) as InteractionRevisedV1)
    .sort((a, b) => a.revision - b.revision);
}
/**
 * Proves that everything listen published before now has been seen: a marker interaction sent
 * after (listen's outbox relays in commit order) is seen and the recorder has caught up with
 * every partition. Then "nothing else happened" can be asserted without a sleep.
 */
async function settled(): Promise<void> {
  const id = `marker-${++markers}`;
  const res = await callService(suite.listen, suite.keys[MARKER], 'POST', '/v1/interactions', {
    id,
    customerId: 'cust-marker',
    channel: 'voice',
    touchpoint: 'agent-call',
    outcome: 'handled',
    startedAt: iso(T0),
  });
  expect(res.status).toBe(202);
  await eventually(async () => recorded(id).length > 0);
  await suite.recorder.caughtUp();
}

async function recordedEvent(id: string): Promise<{ rec: SeenRecord; data: InteractionRecordedV1 }> {
  const [rec] = await eventually(async () => (recorded(id).length ? recorded(id) : null));
  return { rec, data: JSON.parse(rec.value!) };
}

const suite = e2eSuite({
  tenants: [TENANT, MARKER],
  record: [Topic.InteractionRecorded, Topic.InteractionRevised, Topic.FeedbackRecorded, Topic.DeadLetter],
  services: { listen: {} },
  cleanExit: true,
});

describe('POST /v1/interactions', () => {
  const call1 = {
    id: 'ix-1',
    customerId: 'cust-1',
    channel: 'voice',
    touchpoint: 'agent-call',
    queue: 'billing',
    agentId: 'agent-7',
    outcome: 'handled',
    startedAt: iso(T0),
    endedAt: iso(T0 + 600_000),
    waitSeconds: 42,
    holdSeconds: 30.5,
    handleSeconds: 540,
    resolved: true,
  };

  it('records an interaction and publishes it field by field, keyed by tenant and touchpoint', async () => {
    const res = await call('POST', '/v1/interactions', call1);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: 'ix-1', status: 'recorded' });

    const { rec, data } = await recordedEvent('ix-1');
    expect(rec.key).toBe(`${TENANT}:agent-call`);
    expect(rec.headers).toMatchObject({
      ce_type: Topic.InteractionRecorded,
      ce_specversion: '1.0',
      ce_source: '/continuum/listen',
      ce_tenantid: TENANT,
      ce_subject: 'ix-1',
      'content-type': 'application/json',
    });
    // The customer by pseudonym (issue 20 item 2): never the id on the topic.
    expect(JSON.stringify(rec)).not.toContain('cust-1');
    expect(data).toEqual({
      interactionId: 'ix-1',
      tenantId: TENANT,
      customerId: await pseudonymOf(suite.listen, suite.key, 'cust-1'),
      touchpoint: 'agent-call',
      stage: null,
      owner: null,
      channel: 'voice',
      queue: 'billing',
      agentId: 'agent-7',
      outcome: 'handled',
      startedAt: iso(T0),
      endedAt: iso(T0 + 600_000),
      waitSeconds: 42,
      holdSeconds: 30.5,
      handleSeconds: 540,
      transfers: 0,
      resolved: true,
      repeatContact: false,
      firstContactResolution: true,
      flags: ['no-journey'],
      repeatWindowDays: 7,
      repeatWindowEndsAt: iso(T0 + 7 * DAY),
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const got = await call('GET', '/v1/interactions/ix-1');
    expect(got.status).toBe(200);
    const { interactionId: _i, tenantId: _t, ...asRecorded } = data;
    // listen's own read names the customer by their id (listen holds the mapping), the event by pseudonym.
    expect(got.body).toEqual({ id: 'ix-1', ...asRecorded, customerId: 'cust-1', revision: 0 });
  });

  it('a second contact within the window is a repeat and revises the first one’s FCR', async () => {
    const res = await call('POST', '/v1/interactions', {
      id: 'ix-2',
      customerId: 'cust-1',
      channel: 'chat',
      touchpoint: 'chat',
      outcome: 'transferred',
      startedAt: iso(T0 + 3 * DAY),
      resolved: false,
    });
    expect(res.body).toEqual({ id: 'ix-2', status: 'recorded' });
    const { data } = await recordedEvent('ix-2');
    expect(data).toMatchObject({
      repeatContact: true,
      firstContactResolution: false,
      transfers: 1,
      endedAt: null,
      waitSeconds: null,
      queue: null,
    });

    const [rev] = await eventually(async () => (revisions('ix-1').length ? revisions('ix-1') : null));
    expect(rev).toMatchObject({
      interactionId: 'ix-1',
      touchpoint: 'agent-call',
      revision: 1,
      previous: { repeatContact: false, firstContactResolution: true },
      repeatContact: false,
      firstContactResolution: false,
      causedBy: 'ix-2',
    });
    const revRecord = suite.recorder.where(
      (r) => r.topic === Topic.InteractionRevised && r.headers.ce_subject === 'ix-1',
    )[0];
    expect(revRecord.key).toBe(`${TENANT}:agent-call`);
    expect(JSON.parse(revRecord.value!).customerId).toBe(
      await pseudonymOf(suite.listen, suite.key, 'cust-1'),
    );
    // The revision is caused by the recorded event of the contact that arrived.
    expect(revRecord.headers.ce_causationid).toBe(recorded('ix-2')[0].headers.ce_id);
    const got = await call('GET', '/v1/interactions/ix-1');
    expect(got.body).toMatchObject({ firstContactResolution: false, repeatContact: false, revision: 1 });
  });

  it('an earlier contact arriving late makes the later one a repeat (by event time)', async () => {
    await call('POST', '/v1/interactions', {
      id: 'ix-late-2',
      customerId: 'cust-2',
      channel: 'voice',
      touchpoint: 'ivr',
      outcome: 'handled',
      startedAt: iso(T0 + 5 * DAY),
      resolved: true,
    });
    expect((await recordedEvent('ix-late-2')).data).toMatchObject({
      repeatContact: false,
      firstContactResolution: true,
    });
    await call('POST', '/v1/interactions', {
      id: 'ix-late-1',
      customerId: 'cust-2',
      channel: 'voice',
      touchpoint: 'ivr',
      outcome: 'abandoned',
      startedAt: iso(T0 + 4 * DAY),
      waitSeconds: 300,
    });
    expect((await recordedEvent('ix-late-1')).data).toMatchObject({
      repeatContact: false,
      firstContactResolution: null,
      transfers: 0,
    });
    const [rev] = await eventually(async () =>
      revisions('ix-late-2').length ? revisions('ix-late-2') : null,
    );
    expect(rev).toMatchObject({
      revision: 1,
      previous: { repeatContact: false, firstContactResolution: true },
      repeatContact: true,
      firstContactResolution: true,
      causedBy: 'ix-late-1',
    });
  });

  it('batches are all-or-nothing on validation and name index, field and reason', async () => {
    const res = await call('POST', '/v1/interactions', [
      { ...call1, id: 'ix-b1' },
      { ...call1, id: 'ix-b2', outcome: 'abandoned' },
      { ...call1, id: 'ix-b3', endedAt: iso(T0 - 1000) },
    ]);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      {
        index: 1,
        field: 'handleSeconds',
        reason: 'handleSeconds must be absent or 0 when outcome is abandoned',
      },
      { index: 1, field: 'holdSeconds', reason: 'holdSeconds must be absent or 0 when outcome is abandoned' },
      { index: 1, field: 'resolved', reason: 'resolved cannot be true when outcome is abandoned' },
      { index: 2, field: 'endedAt', reason: 'endedAt must not be before startedAt' },
    ]);
    expect((await call('GET', '/v1/interactions/ix-b1')).status).toBe(404);
  });

  it('a resend is a duplicate, never recorded twice, inside a batch or across requests', async () => {
    const res = await call('POST', '/v1/interactions', [
      call1,
      { ...call1, id: 'ix-3', customerId: 'cust-3' },
      { ...call1, id: 'ix-3', customerId: 'cust-3' },
    ]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 2,
      items: [
        { id: 'ix-1', status: 'duplicate' },
        { id: 'ix-3', status: 'recorded' },
        { id: 'ix-3', status: 'duplicate' },
      ],
    });
    await recordedEvent('ix-3');
    await settled();
    expect(recorded('ix-1')).toHaveLength(1);
    expect(recorded('ix-3')).toHaveLength(1);
    expect(revisions('ix-1')).toHaveLength(1);
  });

  it("the tenant's window decides what counts as a repeat", async () => {
    expect((await call('GET', '/v1/interaction-settings')).body).toEqual({ repeatContactWindowDays: 7 });
    const bad = await call('PUT', '/v1/interaction-settings', { repeatContactWindowDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'repeatContactWindowDays', reason: 'repeatContactWindowDays must not be less than 1' },
    ]);
    const other = 'beta-ix';
    const otherKey = createTenant(suite.stack, other);
    const put = await call(
      'PUT',
      '/v1/interaction-settings',
      { repeatContactWindowDays: 1 },
      undefined,
      otherKey,
    );
    expect(put.body).toEqual({ repeatContactWindowDays: 1 });
    const base = {
      customerId: 'cust-1',
      channel: 'voice',
      touchpoint: 'agent-call',
      outcome: 'handled',
      resolved: true,
    };
    await call(
      'POST',
      '/v1/interactions',
      [
        { ...base, id: 'w-1', startedAt: iso(T0) },
        { ...base, id: 'w-2', startedAt: iso(T0 + 2 * DAY) },
      ],
      undefined,
      otherKey,
    );
    const w2 = await eventually(async () => {
      const r = suite.recorder.where(
        (x) =>
          x.topic === Topic.InteractionRecorded &&
          x.headers.ce_tenantid === other &&
          x.headers.ce_subject === 'w-2',
      );
      return r.length ? (JSON.parse(r[0].value!) as InteractionRecordedV1) : null;
    });
    // Two days apart: a repeat under the default 7 days, not under this tenant's 1 day.
    expect(w2).toMatchObject({ repeatContact: false, firstContactResolution: true, repeatWindowDays: 1 });
  });
});

describe('cx.interactions.raw.v1', () => {
  it('records good records with derived signals and dead-letters bad ones with the reason', async () => {
    const good = {
      tenantId: TENANT,
      id: 'raw-1',
      customerId: 'cust-1',
      channel: 'email',
      touchpoint: 'email-support',
      outcome: 'handled',
      startedAt: iso(T0 + 5 * DAY),
      resolved: true,
    };
    await produce(suite.stack, Topic.InteractionsRaw, [
      { key: `${TENANT}:cust-1`, value: 'not json at all' },
      {
        key: `${TENANT}:cust-1`,
        value: JSON.stringify({ ...good, id: 'raw-bad', outcome: 'transferred', transfers: 0 }),
      },
      { key: 'ghost:c', value: JSON.stringify({ ...good, tenantId: 'ghost-tenant', id: 'raw-ghost' }) },
      {
        key: `${TENANT}:cust-1`,
        value: JSON.stringify({ ...good, tenantId: undefined, id: 'raw-notenant' }),
      },
      { key: `${TENANT}:cust-1`, value: JSON.stringify(good) },
    ]);
    const { data } = await recordedEvent('raw-1');
    // cust-1 had ix-2 two days before (chat, T0+3d): a repeat; ix-2 had no FCR to lose.
    expect(data).toMatchObject({
      interactionId: 'raw-1',
      customerId: await pseudonymOf(suite.listen, suite.key, 'cust-1'),
      channel: 'email',
      repeatContact: true,
      firstContactResolution: true,
    });
    const dead = await eventually(async () => {
      const r = suite.recorder.where(
        (x) => x.topic === Topic.DeadLetter && x.headers['dlt-original-topic'] === Topic.InteractionsRaw,
      );
      return r.length >= 4 ? r : null;
    });
    const find = (needle: string) => dead.find((d) => d.value?.includes(needle))!.headers;
    expect(find('not json')).toMatchObject({
      'dlt-reason-code': 'invalid-json',
      'dlt-exception-message': 'record value is not valid JSON',
    });
    expect(find('raw-bad')).toMatchObject({
      'dlt-reason-code': 'validation',
      'dlt-exception-message': 'transfers: transfers must be at least 1 when outcome is transferred',
    });
    expect(find('raw-ghost')).toMatchObject({
      'dlt-reason-code': 'unknown-tenant',
      'dlt-exception-message': 'tenantId: no tenant "ghost-tenant"',
    });
    expect(find('raw-notenant')['dlt-exception-message']).toBe('tenantId: tenantId is required');
    expect((await call('GET', '/v1/interactions/raw-bad')).status).toBe(404);
  });
});

/** Builds a CSV file in memory; remembers the line of every row it writes. */
class Csv {
  readonly lines: string[];
  readonly lineOf = new Map<string, number>();
  private nextLine = 2;
  constructor(header: readonly string[]) {
    this.lines = [header.join(',')];
  }
  row(tag: string, cells: readonly (string | number | boolean | null | undefined)[]): void {
    const text = cells.map((c) => (c === null || c === undefined ? '' : csvCell(String(c)))).join(',');
    this.lineOf.set(tag, this.nextLine);
    this.nextLine += text.split('\n').length;
    this.lines.push(text);
  }
  text(): string {
    return `${this.lines.join('\r\n')}\r\n`;
  }
}
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

describe('POST /v1/imports (CSV)', () => {
  const IX_HEADER = [
    'id',
    'customerId',
    'channel',
    'touchpoint',
    'queue',
    'agentId',
    'outcome',
    'startedAt',
    'endedAt',
    'waitSeconds',
    'holdSeconds',
    'handleSeconds',
    'transfers',
    'resolved',
  ];
  const CUSTOMERS = 1000;
  /** Each customer: contacts at +0 d, +2 d (a repeat) and +12 d (not a repeat: 10 days later). */
  const OFFSETS = [0, 2, 12];
  type Expect = { repeatContact: boolean; firstContactResolution: boolean | null };
  const expected = new Map<string, Expect>();

  function interactionsCsv(): Csv {
    const csv = new Csv(IX_HEADER);
    const rows: { tag: string; cells: (string | number | boolean | null)[] }[] = [];
    for (let c = 0; c < CUSTOMERS; c++) {
      const base = T0 - 40 * DAY + (c % 24) * 3600_000;
      OFFSETS.forEach((off, j) => {
        const id = `imp-${c}-${j}`;
        const abandoned = (c + j) % 7 === 0;
        const resolved = abandoned ? null : (c + j) % 3 !== 0;
        const start = base + off * DAY;
        rows.push({
          tag: id,
          cells: [
            id,
            `imp-cust-${c}`,
            j === 1 ? 'chat' : 'voice',
            `tp-${c % 5}`,
            abandoned ? '' : 'q1',
            abandoned ? '' : `agent-${c % 13}`,
            abandoned ? 'abandoned' : 'handled',
            iso(start),
            iso(start + 900_000),
            30 + (c % 60),
            abandoned ? null : 10,
            abandoned ? null : 600,
            0,
            resolved,
          ],
        });
        const later = OFFSETS[j + 1] !== undefined && OFFSETS[j + 1] - off <= 7;
        expected.set(id, {
          repeatContact: j > 0 && off - OFFSETS[j - 1] <= 7,
          firstContactResolution: resolved === null ? null : resolved && !later,
        });
      });
    }
    // Out of event-time order on purpose: later contacts often come first, in other batches.
    rows.sort((a, b) => hash(a.tag) - hash(b.tag));
    rows.forEach((r, i) => {
      csv.row(r.tag, r.cells);
      if (i % 500 === 17) csv.row(`dup-${i}`, r.cells); // the same row again: a duplicate
    });
    const okRow = (id: string) => [
      id,
      'imp-x',
      'voice',
      'tp-0',
      '',
      '',
      'handled',
      iso(T0),
      '',
      '',
      '',
      '',
      '',
      '',
    ];
    const bad = {
      'bad-outcome': okRow('bad-outcome').map((v, i) => (i === 6 ? 'hung-up' : v)),
      'bad-ended': okRow('bad-ended').map((v, i) => (i === 8 ? iso(T0 - 1000) : v)),
      'bad-abandoned': okRow('bad-abandoned').map((v, i) => (i === 6 ? 'abandoned' : i === 11 ? '20' : v)),
      'bad-number': okRow('bad-number').map((v, i) => (i === 9 ? 'soon' : v)),
    };
    for (const [tag, cells] of Object.entries(bad)) csv.row(tag, cells);
    csv.row('bad-cells', ['too', 'few', 'cells']);
    return csv;
  }

  let ixCsv: Csv;
  let ixImport: { id: string };

  it('imports a few thousand interactions, reports bad lines and derives repeats across batches', async () => {
    ixCsv = interactionsCsv();
    const started = Date.now();
    const res = await call('POST', '/v1/imports?kind=interactions&id=ix-history-1', ixCsv.text(), 'text/csv');
    const seconds = (Date.now() - started) / 1000;
    expect(res.status).toBe(202);
    expect(res.location).toBe('/v1/imports/ix-history-1');
    const total = CUSTOMERS * OFFSETS.length;
    const dups = Math.floor((total - 1 - 17) / 500) + 1;
    expect(res.body).toMatchObject({
      id: 'ix-history-1',
      kind: 'interactions',
      status: 'completed',
      rowsRead: total + dups + 5,
      accepted: total,
      duplicates: dups,
      rejected: 5,
      error: null,
    });
    expect(res.body.bytesRead).toBe(Buffer.byteLength(ixCsv.text()));
    const byLine = new Map(res.body.rejections.map((r: { line: number }) => [r.line, r]));
    expect(byLine.get(ixCsv.lineOf.get('bad-outcome'))).toEqual({
      line: ixCsv.lineOf.get('bad-outcome'),
      id: 'bad-outcome',
      errors: [{ field: 'outcome', reason: 'outcome must be one of handled, abandoned, transferred' }],
    });
    expect(byLine.get(ixCsv.lineOf.get('bad-ended'))).toMatchObject({
      id: 'bad-ended',
      errors: [{ field: 'endedAt', reason: 'endedAt must not be before startedAt' }],
    });
    expect(byLine.get(ixCsv.lineOf.get('bad-abandoned'))).toMatchObject({
      errors: [
        { field: 'handleSeconds', reason: 'handleSeconds must be absent or 0 when outcome is abandoned' },
      ],
    });
    expect(byLine.get(ixCsv.lineOf.get('bad-number'))).toMatchObject({
      errors: [
        {
          field: 'waitSeconds',
          reason: 'waitSeconds must be a number conforming to the specified constraints',
        },
      ],
    });
    expect(byLine.get(ixCsv.lineOf.get('bad-cells'))).toEqual({
      line: ixCsv.lineOf.get('bad-cells'),
      id: null,
      errors: [{ field: '(row)', reason: 'expected 14 cells as in the header, got 3' }],
    });
    ixImport = res.body;
    process.stdout.write(`interactions import: ${total} rows in ${seconds.toFixed(1)} s\n`);

    const again = await call('GET', '/v1/imports/ix-history-1');
    expect(again.body).toEqual(res.body);
  });

  it('every imported interaction is published once, and recorded + revisions end at the by-event-time truth', async () => {
    const ids = [...expected.keys()];
    await eventually(async () => ids.every((id) => recorded(id).length > 0) || null, 60_000, 250);
    const state = new Map<string, Expect & { revision: number }>();
    for (const id of ids) {
      const events = recorded(id);
      expect(events).toHaveLength(1);
      const d = JSON.parse(events[0].value!) as InteractionRecordedV1;
      state.set(id, {
        repeatContact: d.repeatContact,
        firstContactResolution: d.firstContactResolution,
        revision: 0,
      });
    }
    // Revisions may still be in flight: wait until folding them gives the truth for every contact.
    const fold = () => {
      const s = new Map(state);
      for (const r of suite.recorder.where((x) => x.topic === Topic.InteractionRevised)) {
        const d = JSON.parse(r.value!) as InteractionRevisedV1;
        const cur = s.get(d.interactionId);
        if (!cur) continue;
        // A consumer keeping sums would subtract `previous`: it must equal what it held.
        if (d.revision === cur.revision + 1) {
          expect(d.previous).toEqual({
            repeatContact: cur.repeatContact,
            firstContactResolution: cur.firstContactResolution,
          });
          s.set(d.interactionId, {
            repeatContact: d.repeatContact,
            firstContactResolution: d.firstContactResolution,
            revision: d.revision,
          });
        }
      }
      return s;
    };
    const final = await eventually(
      async () => {
        const s = fold();
        return ids.every((id) => {
          const e = expected.get(id)!;
          const g = s.get(id)!;
          return g.repeatContact === e.repeatContact && g.firstContactResolution === e.firstContactResolution;
        })
          ? s
          : null;
      },
      30_000,
      250,
    );
    const repeats = [...final.values()].filter((v) => v.repeatContact).length;
    expect(repeats).toBe(CUSTOMERS); // exactly the +2 d contact of each customer
    // Out-of-order arrival did produce revisions, and the database agrees with the events.
    expect(
      suite.recorder.where(
        (x) => x.topic === Topic.InteractionRevised && x.headers.ce_subject?.startsWith('imp-'),
      ).length,
    ).toBeGreaterThan(100);
    for (const id of ['imp-0-0', 'imp-0-1', 'imp-0-2', 'imp-501-1', 'imp-999-0']) {
      const got = await call('GET', `/v1/interactions/${id}`);
      expect({ id, repeatContact: got.body.repeatContact, fcr: got.body.firstContactResolution }).toEqual({
        id,
        repeatContact: expected.get(id)!.repeatContact,
        fcr: expected.get(id)!.firstContactResolution,
      });
      expect(got.body.revision).toBe(final.get(id)!.revision);
    }
  });

  it('importing the same file again records nothing new', async () => {
    const recordedOfTenant = () =>
      suite.recorder.where((x) => x.topic === Topic.InteractionRecorded && x.headers.ce_tenantid === TENANT)
        .length;
    await settled();
    const before = recordedOfTenant();
    const res = await call('POST', '/v1/imports?kind=interactions', ixCsv.text(), 'text/csv');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'completed', accepted: 0, rejected: 5 });
    expect(res.body.duplicates).toBe(res.body.rowsRead - 5);
    expect(res.body.id).not.toBe(ixImport.id);
    await settled();
    expect(recordedOfTenant()).toBe(before);
  });

  it('imports feedback with segment columns, multi-line comments and exact line numbers', async () => {
    const csv = new Csv([
      'id',
      'touchpoint',
      'channel',
      'customerId',
      'occurredAt',
      'nps',
      'comment',
      'segment.plan',
      'segment.region',
      'consentToContact',
    ]);
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const comment = i % 100 === 0 ? `riga uno\nriga due, "citata"\nriga tre ${i}` : i % 3 === 0 ? '' : 'ok';
      csv.row(`fb-${i}`, [
        `fb-${i}`,
        `tp-${i % 4}`,
        'web',
        `fc-${i}`,
        iso(T0 + i * 1000),
        i % 11,
        comment,
        i % 2 ? 'fibra' : 'mobile',
        i % 5 ? 'Lombardia' : '',
        i % 2 === 0,
      ]);
      if (i === 1500) csv.row('fb-bad-nps', ['fb-bad-nps', 'tp-0', 'web', '', '', 11, 'x', '', '', '']);
    }
    csv.row('fb-bad-empty', ['fb-bad-empty', 'tp-0', '', '', '', '', '', '', '', '']);
    const res = await call('POST', '/v1/imports?kind=feedback&id=fb-history-1', csv.text(), 'text/csv');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'completed',
      rowsRead: N + 2,
      accepted: N,
      duplicates: 0,
      rejected: 2,
    });
    expect(res.body.rejections).toEqual([
      {
        line: csv.lineOf.get('fb-bad-nps'),
        id: 'fb-bad-nps',
        errors: [{ field: 'nps', reason: 'nps must not be greater than 10' }],
      },
      {
        line: csv.lineOf.get('fb-bad-empty'),
        id: 'fb-bad-empty',
        errors: [
          {
            field: 'nps|csat|ces|emoji|comment',
            reason: 'feedback must carry at least one of nps, csat, ces, emoji, comment',
          },
        ],
      },
    ]);
    // Lines count the comments' line breaks: 20 three-line comments before the last row.
    expect(csv.lineOf.get('fb-bad-empty')).toBe(1 + N + 1 + 20 * 2 + 1);

    const fb = await eventually(async () => {
      const r = suite.recorder.where(
        (x) => x.topic === Topic.FeedbackRecorded && x.headers.ce_subject === 'fb-100',
      );
      return r.length ? JSON.parse(r[0].value!) : null;
    });
    expect(fb).toMatchObject({
      feedbackId: 'fb-100',
      touchpoint: 'tp-0',
      channel: 'web',
      customerId: await pseudonymOf(suite.listen, suite.key, 'fc-100'),
      occurredAt: iso(T0 + 100_000),
      nps: 1,
      segment: { plan: 'mobile' },
      consentToContact: true,
      // A customer's comment travels sealed with their key (crypto-shredding, docs/privacy.md).
      comment: null,
      sealedComment: expect.stringMatching(new RegExp(SEALED_PATTERN)),
    });
    // listen's own row keeps it in clear, line breaks and quotes as the cell had them.
    expect((await call('GET', '/v1/feedback/fb-100')).body).toMatchObject({
      comment: 'riga uno\nriga due, "citata"\nriga tre 100',
    });
    const one = await call('GET', '/v1/feedback/fb-7');
    expect(one.body).toMatchObject({
      nps: 7,
      segment: { plan: 'fibra', region: 'Lombardia' },
      consentToContact: false,
      comment: 'ok',
    });
    await eventually(
      async () =>
        suite.recorder.where(
          (x) =>
            x.topic === Topic.FeedbackRecorded &&
            x.headers.ce_tenantid === TENANT &&
            x.headers.ce_subject?.startsWith('fb-'),
        ).length >= N || null,
      30_000,
    );
    expect(
      suite.recorder.where(
        (x) =>
          x.topic === Topic.FeedbackRecorded &&
          x.headers.ce_tenantid === TENANT &&
          x.headers.ce_subject?.startsWith('fb-'),
      ).length,
    ).toBe(N);
  });

  it('refuses a bad header, a wrong content type or kind, and a reused import id', async () => {
    const header = await call(
      'POST',
      '/v1/imports?kind=feedback&id=bad-header',
      'id,touchpoint,score\nf,t,3\n',
      'text/csv',
    );
    expect(header.status).toBe(400);
    expect(header.body.title).toBe('Invalid CSV header');
    expect(header.body.errors).toEqual([
      { field: 'column 3', reason: expect.stringContaining('"score" is not a feedback field') },
    ]);
    expect((await call('GET', '/v1/imports/bad-header')).body).toMatchObject({
      status: 'failed',
      rowsRead: 0,
    });

    const json = await call('POST', '/v1/imports?kind=feedback', { id: 'x' });
    expect(json.status).toBe(415);
    const kind = await call('POST', '/v1/imports?kind=surveys', 'id\n', 'text/csv');
    expect(kind.status).toBe(400);
    expect(kind.body.errors).toEqual([
      { field: 'kind', reason: 'kind must be one of feedback, interactions' },
    ]);
    const reused = await call(
      'POST',
      '/v1/imports?kind=feedback&id=fb-history-1',
      'id,touchpoint,nps\n',
      'text/csv',
    );
    expect(reused.status).toBe(409);
    expect((await call('GET', '/v1/imports/nope')).status).toBe(404);
  });

  it('stops at a CSV syntax error, keeping the rows before it', async () => {
    const text = 'id,touchpoint,nps\nsx-1,tp,9\nsx-2,tp,8\nsx-3,"tp,7\nsx-4,tp,6\n';
    const res = await call('POST', '/v1/imports?kind=feedback&id=syntax-1', text, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('Invalid CSV');
    expect(res.body.detail).toMatch(/CSV syntax error, import stopped: .*line/i);
    expect(res.body.import).toMatchObject({ id: 'syntax-1', status: 'failed', accepted: 2, rowsRead: 2 });
    expect((await call('GET', '/v1/feedback/sx-2')).status).toBe(200);
  });

  it('an upload cut short leaves the import failed, with the reason', async () => {
    const url = new URL('/v1/imports?kind=feedback&id=cut-1', suite.listen.url);
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        authorization: `Bearer ${suite.key}`,
        'content-length': '100000',
      },
    });
    req.on('error', () => undefined);
    req.write('id,touchpoint,nps\ncut-a,tp,9\ncut-b,tp,');
    await eventually(async () => (await call('GET', '/v1/imports/cut-1')).status === 200 || null);
    req.destroy();
    const report = await eventually(async () => {
      const r = await call('GET', '/v1/imports/cut-1');
      return r.body.status === 'failed' ? r.body : null;
    });
    expect(report).toMatchObject({
      error: 'the upload was interrupted before the end of the file',
      rowsRead: 1,
    });
  });

  it('the CLI streams a file and shows progress', async () => {
    const dir = path.join(ROOT, 'tmp', 'e2e-imports');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'cli-feedback.csv');
    const csv = new Csv(['id', 'touchpoint', 'nps']);
    for (let i = 0; i < 3000; i++) csv.row(`cli-${i}`, [`cli-${i}`, 'tp-cli', i % 11]);
    csv.row('cli-bad', ['cli-bad', 'tp-cli', 'x']);
    writeFileSync(file, csv.text());
    const { stdout, stderr } = await promisify(execFile)(
      'node',
      [
        'tools/run.js',
        'dist/tools/cli.js',
        'import',
        file,
        '--kind',
        'feedback',
        '--url',
        suite.listen.url,
        '--key',
        suite.key,
        '--id',
        'cli-1',
      ],
      { cwd: ROOT },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      id: 'cli-1',
      status: 'completed',
      rowsRead: 3001,
      accepted: 3000,
      rejected: 1,
    });
    expect(report.rejections).toEqual([
      { line: 3002, id: 'cli-bad', errors: [{ field: 'nps', reason: 'nps must be an integer number' }] },
    ]);
    expect(stderr).toContain('import id cli-1');
    expect(stderr).toMatch(/\[#{30}\] 100% {2}3,001 rows: 3,000 accepted, 0 duplicates, 1 rejected/);
    expect(stderr).toContain('import cli-1 completed: 3,000 accepted, 0 duplicates, 1 rejected');
  });
});

/** FNV-1a with a final mix, so that ids differing in one character land far apart. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
