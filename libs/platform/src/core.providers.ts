import { Injectable, Logger } from '@nestjs/common';
import type { Kafka, SASLOptions } from 'kafkajs';
import {
  createKafka,
  EventProducer,
  parseBrokers,
  type KafkaConnection,
  type KafkaLogSink,
} from '@continuum/kafka';
import { BaseServiceConfig } from './config';

export function kafkaConnection(cfg: BaseServiceConfig, clientId: string): KafkaConnection {
  const sasl: SASLOptions | undefined =
    cfg.KAFKA_SASL_MECHANISM && cfg.KAFKA_SASL_USERNAME && cfg.KAFKA_SASL_PASSWORD
      ? {
          mechanism: cfg.KAFKA_SASL_MECHANISM,
          username: cfg.KAFKA_SASL_USERNAME,
          password: cfg.KAFKA_SASL_PASSWORD,
        }
      : undefined;
  return {
    brokers: parseBrokers(cfg.KAFKA_BROKERS),
    clientId,
    ssl: cfg.KAFKA_SSL === 'true' ? true : undefined,
    sasl,
  };
}

/** The process's Kafka client and its one idempotent producer. */
@Injectable()
export class KafkaProvider {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  readonly connection: KafkaConnection;
  private readonly sink: KafkaLogSink;

  constructor(cfg: BaseServiceConfig, service: string) {
    const logger = new Logger('kafkajs');
    this.connection = kafkaConnection(cfg, `continuum-${service}`);
    this.sink = (level, message, extra) => {
      const text = `${message} ${JSON.stringify(extra)}`;
      if (level === 'error') logger.error(text);
      else if (level === 'warn') logger.warn(text);
      else logger.debug(text);
    };
    this.kafka = createKafka(this.connection, this.sink);
    this.producer = new EventProducer(this.kafka);
  }

  /** A client that gives up on an unreachable broker after `retries` quick attempts (about a second for 2). */
  impatientClient(retries: number): Kafka {
    return createKafka(this.connection, this.sink, retries);
  }
}
