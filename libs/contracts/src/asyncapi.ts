/**
 * The AsyncAPI 3.0 document of every catalogue topic, generated from the code that produces and
 * checks the messages (topic catalogue, envelope, payload schemas type-checked against the event
 * types, dead-letter header names), so it cannot drift from them. `npm run asyncapi` writes it to
 * docs/asyncapi.yaml; a unit test fails when the committed file differs.
 */
import { stringify } from 'yaml';
import { DLT_HEADERS } from './dead-letter';
import { ERASING_SERVICES } from './events';
import { JSON_CONTENT_TYPE } from './envelope';
import { topicConfig } from './topic-config';
import { Topic, TOPICS, type TopicSpec } from './topics';
import { cloudEventHeaders, DEAD_LETTER_HEADERS, RAW_HEADERS } from './schemas/headers';
import { PAYLOAD_SCHEMAS } from './schemas/payloads';

/** The contract's version: minor for added topics or optional fields, major never (that is a `.v2` topic). */
export const ASYNCAPI_VERSION = '1.0.0';

type Service = 'listen' | 'measure' | 'act' | 'collect';

interface ChannelDoc {
  /** Channel id and, capitalised, the message and operation names. */
  readonly id: string;
  readonly title: string;
  /** Component schema name of the payload. */
  readonly payloadName: string;
  /** Who writes the topic: Continuum services (each its own statuses), or integrators (raw topics). */
  readonly producer: Service | readonly Service[] | 'integrators' | 'every service';
  /** Who reads it, for orientation (consumer groups are `continuum-<service>`). */
  readonly readers: readonly string[];
}

// A Record over the enum: a topic added to the catalogue does not compile until it is documented here.
const CHANNELS: Record<Topic, ChannelDoc> = {
  [Topic.FeedbackRaw]: {
    id: 'feedbackRaw',
    title: 'Raw feedback',
    payloadName: 'RawFeedback',
    producer: 'integrators',
    readers: ['listen'],
  },
  [Topic.InteractionsRaw]: {
    id: 'interactionsRaw',
    title: 'Raw contact-centre interactions',
    payloadName: 'RawInteraction',
    producer: 'integrators',
    readers: ['listen'],
  },
  [Topic.InvitationsRaw]: {
    id: 'invitationsRaw',
    title: 'Raw survey invitations',
    payloadName: 'RawInvitation',
    producer: 'integrators',
    readers: ['listen'],
  },
  [Topic.FeedbackRecorded]: {
    id: 'feedbackRecorded',
    title: 'Feedback recorded',
    payloadName: 'FeedbackRecordedV1',
    producer: 'listen',
    readers: ['measure', 'act'],
  },
  [Topic.InteractionRecorded]: {
    id: 'interactionRecorded',
    title: 'Interaction recorded',
    payloadName: 'InteractionRecordedV1',
    producer: 'listen',
    readers: ['measure'],
  },
  [Topic.InteractionRevised]: {
    id: 'interactionRevised',
    title: 'Interaction revised',
    payloadName: 'InteractionRevisedV1',
    producer: 'listen',
    readers: ['measure'],
  },
  [Topic.MetricsUpdated]: {
    id: 'metricsUpdated',
    title: 'Metrics updated',
    payloadName: 'MetricsUpdatedV1',
    producer: 'measure',
    readers: ['integrators', 'console'],
  },
  [Topic.GapsDetected]: {
    id: 'gapsDetected',
    title: 'Gap detected',
    payloadName: 'GapDetectedV1',
    producer: 'measure',
    readers: ['act', 'integrators'],
  },
  [Topic.Actions]: {
    id: 'actions',
    title: 'Action changed',
    payloadName: 'ActionChangedV1',
    producer: 'act',
    readers: ['integrators', 'ops tools'],
  },
  [Topic.LoopClosed]: {
    id: 'loopClosed',
    title: 'Loop closed',
    payloadName: 'LoopClosedV1',
    producer: 'act',
    readers: ['integrators'],
  },
  [Topic.InvitationStatus]: {
    id: 'invitationStatus',
    title: 'Invitation status',
    payloadName: 'InvitationStatusV1',
    // listen sends and judges invitations; only collect sees a link opened.
    producer: ['listen', 'collect'],
    readers: ['measure'],
  },
  [Topic.ContactOptedOut]: {
    id: 'contactOptedOut',
    title: 'Contact opted out',
    payloadName: 'ContactOptedOutV1',
    producer: 'collect',
    readers: ['listen'],
  },
  [Topic.Journey]: {
    id: 'journey',
    title: 'Journey map',
    payloadName: 'JourneyV1',
    producer: 'listen',
    readers: ['listen', 'measure', 'act'],
  },
  [Topic.DeadLetter]: {
    id: 'deadLetter',
    title: 'Dead letters',
    payloadName: 'DeadLetterValue',
    producer: 'every service',
    readers: ['operators'],
  },
  [Topic.PrivacyErasure]: {
    id: 'privacyErasure',
    title: 'Customer erasure requested',
    payloadName: 'PrivacyErasureV1',
    producer: 'listen',
    readers: ['measure', 'act', 'collect', 'integrators'],
  },
  [Topic.PrivacyErased]: {
    id: 'privacyErased',
    title: 'Customer erased (one service)',
    payloadName: 'PrivacyErasedV1',
    producer: 'every service',
    readers: ['listen', 'integrators'],
  },
  [Topic.PrivacyRetention]: {
    id: 'privacyRetention',
    title: 'Retention limits',
    payloadName: 'PrivacyRetentionV1',
    producer: 'listen',
    readers: ['measure', 'act'],
  },
};

const producers = (doc: ChannelDoc) =>
  typeof doc.producer === 'string' ? doc.producer : doc.producer.join(' and ');
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
const ref = (path: string) => ({ $ref: `#/${path}` });

function headersOf(spec: TopicSpec, doc: ChannelDoc): object {
  if (spec.name === Topic.DeadLetter) return DEAD_LETTER_HEADERS;
  if (doc.producer === 'integrators') return RAW_HEADERS;
  const writers = doc.producer === 'every service' ? ERASING_SERVICES : doc.producer;
  return cloudEventHeaders(
    spec.name,
    typeof writers === 'string' ? `/continuum/${writers}` : writers.map((p) => `/continuum/${p}`),
  );
}

function describe(spec: TopicSpec, doc: ChannelDoc): string {
  const lines = [
    spec.description,
    '',
    `Written by ${producers(doc)}; read by ${doc.readers.join(', ')}.`,
    `Key: \`${spec.key}\`. Partitions: ${spec.partitions}. ` +
      (spec.compacted
        ? 'Compacted: the last record per key is kept forever.'
        : `Retention: ${Math.round(spec.retentionMs / 86_400_000)} days.`),
  ];
  if (doc.producer === 'integrators') {
    lines.push(
      'Plain JSON values (no CloudEvents headers needed). A record listen cannot accept goes to ' +
        `\`${Topic.DeadLetter}\` with the reason; nothing valid is dropped.`,
    );
  } else if (spec.name === Topic.DeadLetter) {
    lines.push(
      `Every record a service refused, with the original key, value and headers, plus \`${DLT_HEADERS.reason}\`, ` +
        `\`${DLT_HEADERS.code}\` and the origin (\`${DLT_HEADERS.originalTopic}\`, partition, offset).`,
    );
  } else {
    lines.push(
      'A CloudEvents 1.0 event in Kafka binary mode: attributes in `ce_*` headers, the data as the JSON value. ' +
        'Delivery is at least once: deduplicate on `ce_id`.',
    );
  }
  return lines.join('\n');
}

export function buildAsyncApi(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const spec of TOPICS) {
    const doc = CHANNELS[spec.name];
    const name = capital(doc.id);
    const cloudEvent = doc.producer !== 'integrators' && spec.name !== Topic.DeadLetter;
    schemas[doc.payloadName] = PAYLOAD_SCHEMAS[spec.name];
    messages[name] = {
      name: spec.name,
      title: doc.title,
      summary: spec.description,
      ...(spec.name === Topic.DeadLetter ? {} : { contentType: JSON_CONTENT_TYPE }),
      headers: headersOf(spec, doc),
      payload: ref(`components/schemas/${doc.payloadName}`),
      ...(cloudEvent ? { correlationId: { location: '$message.header#/ce_correlationid' } } : {}),
      bindings: {
        kafka: { key: { type: 'string', description: spec.key }, bindingVersion: '0.5.0' },
      },
    };
    const config = topicConfig(spec);
    channels[doc.id] = {
      address: spec.name,
      title: doc.title,
      description: describe(spec, doc),
      messages: { [name]: ref(`components/messages/${name}`) },
      bindings: {
        kafka: {
          topic: spec.name,
          partitions: spec.partitions,
          topicConfiguration: {
            'cleanup.policy': [config['cleanup.policy']],
            'retention.ms': config['retention.ms'],
          },
          bindingVersion: '0.5.0',
        },
      },
      'x-continuum-producer': doc.producer,
      'x-continuum-readers': [...doc.readers],
    };
    const receive = doc.producer === 'integrators';
    operations[`${receive ? 'receive' : 'send'}${name}`] = {
      action: receive ? 'receive' : 'send',
      channel: ref(`channels/${doc.id}`),
      summary: receive
        ? `listen consumes ${spec.name} (consumer group continuum-listen).`
        : `${producers(doc)} publish${typeof doc.producer === 'string' ? 'es' : ''} ${spec.name}.`,
      messages: [ref(`channels/${doc.id}/messages/${name}`)],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Continuum events',
      version: ASYNCAPI_VERSION,
      description: [
        'Every Kafka topic of Continuum, the CX feedback-loop platform: what integrators produce (the raw topics) and what',
        'the services publish. Topic names carry the major version: a breaking change is a new `.v2` topic, never an edit.',
        'Published events are CloudEvents 1.0 in Kafka binary mode; `tenantId` travels in every event. Schemas list every',
        'field the current version emits; later minor versions may add optional fields, so ignore the ones you do not know.',
        'Customer text is crypto-shredded: a comment of feedback naming a customer, and what act derives from it, travel',
        'sealed (`sealedComment`, `sealedDescription`: `v1.<iv>.<ciphertext>.<tag>`, AES-256-GCM with a per-customer key).',
        'Erasing the customer deletes the key, so retained records keep nothing readable of them (docs/privacy.md).',
        'Generated from libs/contracts by `npm run asyncapi`: do not edit by hand.',
      ].join('\n'),
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: JSON_CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description:
          'The local single-node broker of `npm start`; production points at a Kafka cluster by configuration.',
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

export function renderAsyncApi(): string {
  const header =
    '# Generated from libs/contracts by `npm run asyncapi`. Do not edit: change the code and regenerate.\n';
  return (
    header + stringify(buildAsyncApi(), { aliasDuplicateObjects: false, lineWidth: 0, singleQuote: true })
  );
}
