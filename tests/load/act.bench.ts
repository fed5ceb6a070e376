/**
 * act benchmark: time from a detractor's feedback accepted by listen to its follow-up action
 * existing, at a sustained feedback rate (default 1,000 events/s), reported as p50/p90/p99/max.
 *
 * Clocks (one machine, so one clock): the start is listen's `receivedAt` (the instant the request
 * arrived, a little before the 202: conservative); the end is the Kafka timestamp of the action's
 * `opened` event on cx.actions.v1, which act's outbox relay stamps when it sends the event, after
 * the action's transaction committed (an upper bound of "exists"). Neither depends on how fast this
 * process reads the topics. The two legs are split at listen's cx.feedback.recorded.v1 timestamp.
 *
 *   npm run bench:act                                  # 1,000/s for 30 s: listen + measure + act
 *   BENCH_RATE=500 BENCH_SECONDS=60 npm run bench:act
 *   BENCH_WITHOUT_MEASURE=1 npm run bench:act          # leave measure out (less CPU contention)
 *   BENCH_SOURCE=kafka npm run bench:act               # act alone: recorded events produced straight to
 *                                                      # cx.feedback.recorded.v1
 *
 * Results are printed and written to tmp/bench-act.json. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { Topic, type FeedbackRecordedV1 } from '@continuum/contracts';
import {
  createTenant,
  feedbackRecorded,
  ROOT,
  startService,
  testKafka,
  testStack,
  type RunningService,
} from '@continuum/testing';
import { joinedLoopConsumer, recordedFeedbackRecord } from './bench';
import { cpuSeconds } from './cpu';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const WITH_MEASURE = process.env.BENCH_WITHOUT_MEASURE !== '1';
const FROM_KAFKA = process.env.BENCH_SOURCE === 'kafka';
const TICK_MS = 20;
const TOUCHPOINTS = [
  'checkout',
  'payment',
  'delivery',
  'returns',
  'app',
  'ivr',
  'call-queue',
  'chat',
  'bill',
  'renewal',
];

const stack = testStack();
const TENANT = `bench-act-${Date.now()}`;

function percentiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] : NaN);
  return { p50: p(50), p90: p(90), p99: p(99), max: s[s.length - 1] ?? NaN };
}

function recordedFeedback(it: {
  id: string;
  touchpoint: string;
  nps: number;
  customerId: string;
  consent: boolean;
}) {
  const now = new Date().toISOString();
  return recordedFeedbackRecord(
    feedbackRecorded(TENANT, {
      feedbackId: it.id,
      touchpoint: it.touchpoint,
      channel: null,
      customerId: it.customerId,
      occurredAt: now,
      receivedAt: now,
      nps: it.nps,
      consentToContact: it.consent,
    }),
  );
}

describe('act benchmark', () => {
  const services: RunningService[] = [];

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });

  it(`time from feedback accepted by listen to its action, at ${RATE}/s`, async () => {
    const key = createTenant(stack, TENANT);
    const started = await Promise.all([
      startService('act', stack, { LOG_LEVEL: 'warn' }),
      ...(FROM_KAFKA ? [] : [startService('listen', stack, { LOG_LEVEL: 'warn' })]),
      ...(WITH_MEASURE ? [startService('measure', stack, { LOG_LEVEL: 'warn' })] : []),
    ]);
    services.push(...started);
    const listenUrl = FROM_KAFKA ? '' : started[1].url;
    const producer = testKafka(stack).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    if (FROM_KAFKA) await producer.connect();

    // customerId → listen's receivedAt and recorded-event timestamp; → the opened event's timestamp.
    const recorded = new Map<string, { receivedAt: number; publishedAt: number }>();
    const opened = new Map<string, number>();
    const createdAt = new Map<string, number>();
    // Events name customers by pseudonym: each feedback id's customer as the recorded event names it.
    const topicIdOf = new Map<string, string>();
    const consumer = await joinedLoopConsumer(testKafka(stack), `bench-${TENANT}`, 50, async ({ batch }) => {
      for (const m of batch.messages) {
        if (m.headers?.ce_tenantid?.toString() !== TENANT) continue;
        if (batch.topic === Topic.FeedbackRecorded) {
          const f = JSON.parse(m.value!.toString()) as FeedbackRecordedV1;
          if (f.customerId) topicIdOf.set(f.feedbackId, f.customerId);
          if (f.customerId)
            recorded.set(f.customerId, {
              receivedAt: Date.parse(f.receivedAt),
              publishedAt: Number(m.timestamp),
            });
          continue;
        }
        const d = JSON.parse(m.value!.toString()) as {
          change: string;
          action: { customerId: string | null; createdAt: string };
        };
        if (d.change === 'opened' && d.action.customerId) {
          opened.set(d.action.customerId, Number(m.timestamp));
          createdAt.set(d.action.customerId, Date.parse(d.action.createdAt));
        }
      }
    });

    const measured: string[] = [];
    const failures: string[] = [];
    let seq = 0;
    const send = async (n: number, measure: boolean) => {
      const items = Array.from({ length: n }, () => {
        const i = seq++;
        return {
          id: `b-${i}`,
          touchpoint: TOUCHPOINTS[i % TOUCHPOINTS.length],
          nps: i % 7,
          customerId: `${measure ? 'm' : 'w'}-${i}`,
          consent: i % 2 === 0,
        };
      });
      try {
        if (FROM_KAFKA) {
          await producer.send({
            topic: Topic.FeedbackRecorded,
            acks: -1,
            messages: items.map(recordedFeedback),
          });
        } else {
          const res = await fetch(`${listenUrl}/v1/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify(
              items.map((it) => ({
                id: it.id,
                touchpoint: it.touchpoint,
                nps: it.nps,
                customerId: it.customerId,
                consentToContact: it.consent,
                ...(Number(it.id.slice(2)) % 3 === 0
                  ? { comment: 'tempi di attesa troppo lunghi, pessimo' }
                  : {}),
              })),
            ),
          });
          await res.text();
          if (res.status !== 202) {
            failures.push(`HTTP ${res.status}`);
            return;
          }
        }
        if (measure) measured.push(...items.map((it) => it.id));
      } catch (err) {
        failures.push(String(err));
      }
    };

    /** Sends at RATE for `seconds`, a batch every TICK_MS, without waiting for the responses. */
    const drive = async (seconds: number, measure: boolean) => {
      const inFlight: Promise<void>[] = [];
      const t0 = Date.now();
      let sent = 0;
      while (Date.now() - t0 < seconds * 1000) {
        const due = Math.floor(((Date.now() - t0) / 1000) * RATE) - sent;
        if (due > 0) {
          inFlight.push(send(due, measure));
          sent += due;
        }
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
      await Promise.all(inFlight);
      return { sent, seconds: (Date.now() - t0) / 1000 };
    };

    await drive(WARMUP_SECONDS, false);
    // The database backends serving each service (its pool), found by application name.
    const pg = new Client({ connectionString: stack.databaseUrl });
    await pg.connect();
    const backends = async (svc: string) =>
      (
        (await pg.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`continuum-${svc}`]))
          .rows as { pid: number }[]
      ).map((r) => r.pid);
    /** CPU seconds of each backend of the service's pool, by backend pid. */
    const dbCpu = async (svc: string) => {
      const byPid = new Map<number, number>();
      for (const pid of await backends(svc)) {
        try {
          byPid.set(pid, cpuSeconds(pid));
        } catch {
          // a backend that ended in between
        }
      }
      return byPid;
    };
    const db0 = await Promise.all(started.map((s) => dbCpu(s.name)));
    const cpu0 = started.map((s) => cpuSeconds(s.process.pid));
    const load = await drive(SECONDS, true);
    const cpu = started.map((s, i) => cpuSeconds(s.process.pid) - cpu0[i]);
    // Backends alive at both ends only (a pool may replace a connection in between).
    const db = (await Promise.all(started.map((s) => dbCpu(s.name)))).map((end, i) =>
      [...end].reduce((sum, [pid, t]) => sum + (db0[i].has(pid) ? t - db0[i].get(pid)! : 0), 0),
    );
    await pg.end();
    const deadline = Date.now() + 180_000;
    const customers = () => measured.map((id) => topicIdOf.get(id) ?? `unrecorded:${id}`);
    const complete = () => customers().every((c) => opened.has(c) && recorded.has(c));
    while (Date.now() < deadline && !complete()) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    if (FROM_KAFKA) await producer.disconnect();

    const done = customers().filter((c) => opened.has(c) && recorded.has(c));
    const total = done.map((c) => opened.get(c)! - recorded.get(c)!.receivedAt);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const result = {
      source: FROM_KAFKA
        ? 'recorded events produced to Kafka (act alone)'
        : 'listen HTTP, 10–20 items a request',
      withMeasure: WITH_MEASURE,
      rate: RATE,
      seconds: SECONDS,
      sent: load.sent,
      achievedRate: Math.round(load.sent / load.seconds),
      accepted: measured.length,
      actions: done.length,
      missing: measured.length - done.length,
      failures: failures.length,
      latencyMs: percentiles(total),
      legsMs: {
        listen: percentiles(done.map((c) => recorded.get(c)!.publishedAt - recorded.get(c)!.receivedAt)),
        act: percentiles(done.map((c) => opened.get(c)! - recorded.get(c)!.publishedAt)),
        // Inside act: to the start of the transaction that opened the action, then to its event's send.
        actConsume: percentiles(done.map((c) => createdAt.get(c)! - recorded.get(c)!.publishedAt)),
        actCommitAndRelay: percentiles(done.map((c) => opened.get(c)! - createdAt.get(c)!)),
      },
      cpuSeconds: Object.fromEntries(started.map((s, i) => [s.name, round1(cpu[i])])),
      actCpuMsPerEvent: Math.round((cpu[0] * 1000 * 100) / load.sent) / 100,
      // PostgreSQL backends of each service's pool (those alive at both ends of the run).
      databaseCpuSeconds: Object.fromEntries(started.map((s, i) => [s.name, round1(db[i])])),
      actDatabaseCpuMsPerEvent: Math.round((db[0] * 1000 * 100) / load.sent) / 100,
      loadAverage: os.loadavg().map(round1),
      cores: os.cpus().length,
      targetP99Ms: 1000,
      at: new Date().toISOString(),
    };
    mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
    writeFileSync(path.join(ROOT, 'tmp', 'bench-act.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nact benchmark\n${JSON.stringify(result, null, 2)}\n`);

    // Nothing accepted may be lost; the latency is reported, not asserted (it depends on the machine).
    expect(failures).toEqual([]);
    expect(result.missing).toBe(0);
  });
});
