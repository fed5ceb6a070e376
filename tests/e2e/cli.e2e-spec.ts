/**
 * The operator CLI against the real broker and services: `tail` prints readable lines (dead
 * letters with reason and origin); `dlq replay` sends a dead letter back once its cause is fixed
 * (feedback for a tenant that did not exist yet), exactly once however often it runs; `journey put`
 * and `playbooks put` upload files and print the problem of a bad one.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DLT_HEADERS, Topic } from '@continuum/contracts';
import {
  createTenant,
  e2eSuite,
  eventually,
  followUpRule,
  produce,
  ROOT,
  testDlqKeys,
} from '@continuum/testing';

jest.setTimeout(180_000);

const run = promisify(execFile);
const RUN = randomUUID().slice(0, 8);
const TAILED = `cli-tail-${RUN}`;
const LATE = `cli-late-${RUN}`;
const UPLOADS = `cli-up-${RUN}`;
const DIR = path.join(ROOT, 'tmp', 'cli-e2e', RUN);

/** Runs `continuum …` as an operator would; never throws, so exit codes can be asserted. */
async function continuum(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['tools/run.js', 'dist/tools/cli.js', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: suite.stack.kafkaBrokers,
        DATABASE_URL: suite.stack.databaseUrl,
        DLQ_REPLAY_PRIVATE_KEY: testDlqKeys().privateKey,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const feedback = (tenantId: string, id: string, nps: number, comment = 'Attesa infinita') => ({
  key: `${tenantId}:${id}`,
  value: JSON.stringify({ tenantId, id, touchpoint: 'checkout', nps, comment }),
});

function file(name: string, text: string): string {
  const p = path.join(DIR, name);
  writeFileSync(p, text);
  return p;
}

const suite = e2eSuite({
  record: [Topic.FeedbackRaw, Topic.DeadLetter],
  services: {
    // `tail --from-beginning` of a raw topic reads records listen has already consumed: keep them.
    listen: { LISTEN_RAW_PURGE_INTERVAL_MS: '0' },
    act: {},
  },
});

beforeAll(() => {
  mkdirSync(DIR, { recursive: true });
});

describe('continuum tail', () => {
  it('prints one readable line per record of the tenant, with key, offset and a payload summary', async () => {
    createTenant(suite.stack, TAILED);
    await produce(suite.stack, Topic.FeedbackRaw, [feedback(TAILED, 't-1', 9), feedback(TAILED, 't-2', 2)]);
    const out = await continuum(
      'tail',
      Topic.FeedbackRaw,
      '--from-beginning',
      '--tenant',
      TAILED,
      '--max',
      '2',
    );
    expect(out).toMatchObject({ code: 0 });
    // Different keys may sit on different partitions: the lines come in partition order, not sending order.
    const lines = out.stdout
      .trim()
      .split('\n')
      .sort((a, b) => (a.includes(':t-1 ') ? -1 : b.includes(':t-1 ') ? 1 : 0));
    expect(lines).toHaveLength(2);
    const times = lines.map((l) => l.split(' ')[0]);
    expect(times.every((t) => !Number.isNaN(Date.parse(t)))).toBe(true);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\S+ ${Topic.FeedbackRaw.replace(/\./g, '\\.')} \\d+/\\d+ key=${TAILED}:t-1 no-cloudevent tenant=${TAILED} \\| id="t-1" touchpoint="checkout" nps=9 comment="Attesa infinita"$`,
      ),
    );
    expect(lines[1]).toContain(`key=${TAILED}:t-2`);
    expect(lines[1]).toContain('nps=2');
    expect(out.stderr).toMatch(/reading cx\.feedback\.raw\.v1 as group continuum-tail-/);

    // What listen made of them: CloudEvents, with type and id from the headers.
    const recorded = await continuum(
      'tail',
      Topic.FeedbackRecorded,
      '--from-beginning',
      '--tenant',
      TAILED,
      '--max',
      '1',
    );
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toMatch(
      new RegExp(` key=\\S+ \\S+ [0-9a-f-]{36} tenant=${TAILED} \\| .*feedbackId="t-[12]"`),
    );
  });

  it('refuses bad arguments with the usage', async () => {
    const out = await continuum('tail', Topic.FeedbackRaw, '--max', 'none');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--max must be a positive integer');
    expect(out.stderr).toContain('usage: continuum');
  });
});

describe('continuum dlq replay', () => {
  it('replays a dead letter once its cause is fixed, exactly once', async () => {
    // Only this test's dead letters: the topic holds every earlier suite's too (the fuzz test's
    // megabyte records among them), which a scan from the beginning would have to read.
    const since = new Date(Date.now() - 5_000).toISOString();
    // A phone in the comment: the dead letter shows it redacted, the replay sends the original.
    const sent = feedback(LATE, 'late-1', 3, 'Attesa infinita, richiamatemi al 333 1234567');
    await produce(suite.stack, Topic.FeedbackRaw, [sent]);
    const dead = await eventually(
      async () =>
        suite.recorder.where(
          (r) =>
            r.topic === Topic.DeadLetter &&
            r.headers[DLT_HEADERS.code] === 'unknown-tenant' &&
            r.key === `${LATE}:late-1`,
        )[0],
      20_000,
    );
    const tailed = await continuum(
      'tail',
      Topic.DeadLetter,
      '--from-beginning',
      '--tenant',
      LATE,
      '--max',
      '1',
    );
    expect(tailed.stdout).toContain(
      `DEAD-LETTER unknown-tenant from ${Topic.FeedbackRaw} ${dead.headers[DLT_HEADERS.originalPartition]}/${dead.headers[DLT_HEADERS.originalOffset]}: tenantId: no tenant "${LATE}"`,
    );

    const dry = await continuum('dlq', 'replay', '--tenant', LATE, '--since', since, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: would replay 1, skipped by filter \d+ \(tenant cli-late-/);

    // The fix: the tenant exists now.
    const key = createTenant(suite.stack, LATE);
    // The same filtered replay twice: the second must find nothing left to replay.
    const replay = () =>
      continuum(
        'dlq',
        'replay',
        '--since',
        since,
        '--topic',
        Topic.FeedbackRaw,
        '--reason',
        'unknown-tenant',
        '--tenant',
        LATE,
      );
    const first = await replay();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^replayed 1, skipped by filter \d+ \(topic cx\.feedback\.raw\.v1, reason unknown-tenant, tenant cli-late-\w+\), without an original topic 0$/m,
    );

    // Back on the original topic: same key and value, the dead-letter headers replaced by the origin.
    const replayed = await eventually(
      async () =>
        suite.recorder.where(
          (r) =>
            r.topic === Topic.FeedbackRaw &&
            r.key === `${LATE}:late-1` &&
            r.headers['dlt-replayed-from'] !== undefined,
        )[0],
      10_000,
    );
    expect(dead.value).toBe(sent.value.replace('333 1234567', '[PHONE]'));
    expect(replayed.value).toBe(sent.value);
    expect(replayed.headers['dlt-replayed-from']).toBe(`${dead.partition}/${dead.offset}`);
    expect(Object.keys(replayed.headers).filter((h) => h.startsWith('dlt-'))).toEqual(['dlt-replayed-from']);

    // listen records it now, once.
    const stored = await eventually(async () => {
      const r = await fetch(`${suite.listen.url}/v1/feedback`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const body = (await r.json()) as { items: { id: string }[] };
      return body.items.length > 0 ? body.items : null;
    }, 20_000);
    expect(stored.map((f) => f.id)).toEqual(['late-1']);

    const second = await replay();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^replayed 0, /m);
    expect(
      suite.recorder.where((r) => r.topic === Topic.FeedbackRaw && r.key === `${LATE}:late-1`),
    ).toHaveLength(2);
    // Nothing of this tenant went back to the dead letters after the fix.
    expect(
      suite.recorder.where((r) => r.topic === Topic.DeadLetter && r.key === `${LATE}:late-1`),
    ).toHaveLength(1);
  });
});

describe('continuum journey put / playbooks put', () => {
  let key: string;
  beforeAll(() => {
    key = createTenant(suite.stack, UPLOADS);
  });

  it('uploads the example journey map (YAML) and prints its version; the same map again keeps it', async () => {
    const journey = path.join(ROOT, 'examples', 'journey.contact-centre.yaml');
    const out = await continuum('journey', 'put', journey, '--url', suite.listen.url, '--key', key);
    expect(out).toMatchObject({ code: 0, stdout: `journey version 1 stored for tenant ${UPLOADS}\n` });
    // The same map again is no new version.
    const again = await continuum('journey', 'put', journey, '--url', suite.listen.url, '--key', key);
    expect(again.stdout).toBe(`journey version 1 stored for tenant ${UPLOADS}\n`);
  });

  it('prints the problem of a bad journey, field by field', async () => {
    const bad = file('bad-journey.json', JSON.stringify({ stages: [], touchpoints: [{ id: 'x' }] }));
    const out = await continuum('journey', 'put', bad, '--url', suite.listen.url, '--key', key);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^Invalid request \(400\): /);
    expect(out.stderr).toMatch(/\n {2}stages: /);
  });

  it('uploads a playbook (JSON) and prints the version; a bad one prints each problem', async () => {
    const good = file(
      'playbook.json',
      JSON.stringify({
        feedbackRules: [
          followUpRule(
            'detractor',
            { nps: { max: 6 } },
            { title: 'Call {customer} back', priority: 'high', slaHours: 24 },
          ),
        ],
      }),
    );
    const out = await continuum('playbooks', 'put', good, '--url', suite.act.url, '--key', key);
    expect(out).toMatchObject({ code: 0, stdout: `playbook version 1 stored for tenant ${UPLOADS}\n` });
    const bad = file('bad-playbook.yaml', 'verification: { cycles: 0 }\nsurprise: true\n');
    const refused = await continuum('playbooks', 'put', bad, '--url', suite.act.url, '--key', key);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Invalid request (400)');
    expect(refused.stderr).toMatch(/ {2}verification\.cycles: /);
    expect(refused.stderr).toMatch(/ {2}surprise: /);
  });

  it('refuses a file it cannot send and a missing key', async () => {
    const txt = file('journey.txt', 'stages: []');
    const wrongType = await continuum('journey', 'put', txt, '--key', key);
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain('use a .yaml, .yml or .json file');
    const out = await continuum('playbooks', 'put', file('playbook-nokey.json', '{}'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--key (or CONTINUUM_API_KEY) is required');
  });
});
