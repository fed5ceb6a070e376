#!/usr/bin/env node
/**
 * Continuum example subscriber: follows the corrective and follow-up actions on `cx.actions.v1`
 * and prints one JSON line per action change. Copy this folder, `npm install`, and run:
 *
 *   KAFKA_BROKERS=broker:9092 GROUP_ID=my-ops-tool node subscriber.js
 *
 * What it shows an integrator:
 * - its own consumer group (GROUP_ID): it gets every action change, independently of Continuum's
 *   services and of other subscribers, and resumes where it stopped;
 * - CloudEvents in Kafka binary mode decoded with the official SDK (`cloudevents`): attributes
 *   come from the `ce_*` headers (`tenantid`, `correlationid`, `causationid` are extensions),
 *   the data is the JSON value (schema: ActionChangedV1 in docs/asyncapi.yaml);
 * - at-least-once delivery: the same event (same `id`) may come again after a rebalance or a
 *   restart, so it deduplicates on the event id (here in memory; use your database in earnest);
 * - the W3C `traceparent` header, which ties the action to the feedback that caused it.
 *
 * Environment: KAFKA_BROKERS (127.0.0.1:9092), GROUP_ID (example-subscriber), TOPIC (cx.actions.v1),
 * FROM_BEGINNING (false: only new changes on a new group), MAX_EVENTS (stop after that many; unset: run until Ctrl-C).
 */
'use strict';
const { Kafka, logLevel } = require('kafkajs');
const { Kafka: CloudEventsKafka } = require('cloudevents');

const env = process.env;
const brokers = (env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const groupId = env.GROUP_ID || 'example-subscriber';
const topic = env.TOPIC || 'cx.actions.v1';
const fromBeginning = env.FROM_BEGINNING === 'true';
const maxEvents = env.MAX_EVENTS ? Number(env.MAX_EVENTS) : Infinity;

/** kafkajs gives header values as Buffers; the CloudEvents SDK wants strings. */
function headerStrings(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers || {})) {
    const one = Array.isArray(value) ? value[value.length - 1] : value;
    if (one !== undefined) out[name] = one.toString();
  }
  return out;
}

async function main() {
  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId });
  const seen = new Set();
  let printed = 0;

  const stop = async () => {
    await consumer.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers = headerStrings(message.headers);
      let event;
      try {
        event = CloudEventsKafka.toEvent({ key: message.key, value: message.value, headers });
        event.validate(); // throws on an event that breaks the CloudEvents spec
      } catch (err) {
        process.stderr.write(`skipping offset ${message.offset} of partition ${partition}: ${err.message}\n`);
        return;
      }
      if (seen.has(event.id)) return; // a redelivery: already handled
      seen.add(event.id);
      const { change, actor, action } = event.data;
      process.stdout.write(
        `${JSON.stringify({
          eventId: event.id,
          type: event.type,
          time: event.time,
          tenantId: event.tenantid,
          correlationId: event.correlationid,
          causationId: event.causationid,
          traceparent: headers.traceparent,
          change,
          actor,
          actionId: action.id,
          status: action.status,
          loop: action.loop,
          title: action.title,
          owner: action.owner,
          priority: action.priority,
          dueAt: action.dueAt,
        })}\n`,
      );
      printed += 1;
      if (printed >= maxEvents) setImmediate(stop);
    },
  });
}

main().catch((err) => {
  process.stderr.write(`subscriber failed: ${err.stack || err}\n`);
  process.exit(1);
});
