/**
 * Live updates for the browser: one Kafka consumer (its own group, from the latest offsets) reads
 * action changes and recorded feedback and fans them out, per tenant, to the open Server-Sent
 * Events streams. Nothing is stored: a page that reconnects reloads what it shows over the API.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Consumer } from 'kafkajs';
import { Topic, type ActionChangedV1, type FeedbackRecordedV1 } from '@continuum/contracts';
import { createKafka, parseBrokers } from '@continuum/kafka';
import { redactCustomerData } from '@continuum/platform';

/** What a browser gets: action changes whole, feedback as recorded (comments already redacted). */
export type LiveEvent =
  | { type: 'action'; data: { change: string; actor: string; action: ActionChangedV1['action'] } }
  | { type: 'feedback'; data: LiveFeedback };

export interface LiveFeedback {
  readonly id: string;
  readonly touchpoint: string;
  readonly stage: string | null;
  readonly receivedAt: string;
  readonly nps: number | null;
  readonly csat: number | null;
  readonly ces: number | null;
  readonly comment: string | null;
  readonly sentiment: number | null;
  readonly themes: readonly string[];
}

export function toLiveEvent(topic: string, value: string): LiveEvent | null {
  if (topic === (Topic.Actions as string)) {
    const e = JSON.parse(value) as ActionChangedV1;
    return { type: 'action', data: { change: e.change, actor: e.actor, action: e.action } };
  }
  if (topic === (Topic.FeedbackRecorded as string)) {
    const f = JSON.parse(value) as FeedbackRecordedV1;
    return {
      type: 'feedback',
      data: {
        id: f.feedbackId,
        touchpoint: f.touchpoint,
        stage: f.stage,
        receivedAt: f.receivedAt,
        nps: f.nps,
        csat: f.csat,
        ces: f.ces,
        comment: f.comment,
        sentiment: f.sentiment,
        themes: f.themes,
      },
    };
  }
  return null;
}

export class LiveHub {
  /** Per tenant, each open stream and whether it gets customer data redacted (a viewer's). */
  private readonly clients = new Map<string, Map<ServerResponse, boolean>>();
  private consumer: Consumer | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  ready = false;

  constructor(private readonly brokers: string) {}

  async start(): Promise<void> {
    const kafka = createKafka({ brokers: parseBrokers(this.brokers), clientId: 'console' });
    this.consumer = kafka.consumer({ groupId: `console-live-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [Topic.Actions, Topic.FeedbackRecorded], fromBeginning: false });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.ready = true;
    });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const tenant = message.headers?.ce_tenantid?.toString();
        const value = message.value?.toString();
        if (!tenant || !value || !this.clients.has(tenant)) return;
        try {
          const event = toLiveEvent(topic, value);
          if (event) this.publish(tenant, event);
        } catch {
          /* a record that is not JSON is not ours to judge: the services dead-letter it */
        }
      },
    });
    this.heartbeat = setInterval(() => {
      for (const set of this.clients.values()) for (const res of set.keys()) res.write(': keep-alive\n\n');
    }, 15_000);
  }

  /** `redact`: customer ids and comments are cut out of every event (callers who may not see them). */
  subscribe(tenantId: string, res: ServerResponse, redact: boolean): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`event: hello\ndata: ${JSON.stringify({ tenantId })}\n\n`);
    const set = this.clients.get(tenantId) ?? new Map<ServerResponse, boolean>();
    set.set(res, redact);
    this.clients.set(tenantId, set);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.clients.delete(tenantId);
    });
  }

  publish(tenantId: string, event: LiveEvent): void {
    const set = this.clients.get(tenantId);
    if (!set) return;
    const frame = `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
    let redacted: string | null = null;
    for (const [res, redact] of set) {
      if (redact)
        redacted ??= `event: ${event.type}\ndata: ${JSON.stringify(redactCustomerData(event.data))}\n\n`;
      res.write(redact ? redacted! : frame);
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.clients.values()) for (const res of set.keys()) res.end();
    this.clients.clear();
    await this.consumer?.disconnect();
  }
}
