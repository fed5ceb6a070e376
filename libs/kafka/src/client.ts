import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Production clusters: SASL/SSL pass straight through to kafkajs. */
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
}

/** kafkajs logs through our JSON logger instead of its own console lines. */
export type KafkaLogSink = (
  level: 'error' | 'warn' | 'info' | 'debug',
  message: string,
  extra: object,
) => void;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** `retries` bounds how long the client retries an unreachable broker (default: about 30 s). */
export function createKafka(c: KafkaConnection, sink?: KafkaLogSink, retries = 10): Kafka {
  return new Kafka({
    clientId: c.clientId,
    brokers: [...c.brokers],
    ssl: c.ssl,
    sasl: c.sasl,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        let lvl = LEVELS[level] ?? 'info';
        // A fresh broker answers "coordinator is loading" for a few seconds; kafkajs retries it.
        if (lvl === 'error' && /is loading/.test(String((extra as { error?: unknown }).error))) lvl = 'debug';
        (sink ?? defaultSink)(lvl, namespace ? `${namespace}: ${message}` : message, extra);
      },
  });
}

function defaultSink(level: string, message: string, extra: object): void {
  process.stderr.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...extra })}\n`,
  );
}

/** Parses "host:port,host:port". */
export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
