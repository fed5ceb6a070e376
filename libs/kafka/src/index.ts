export * from './kafkajs-encoder';
export * from './client';
export * from './records';
export * from './producer';
export * from './dead-letter';
export * from './dead-letter-seal';
export * from './transient';
export * from './batch-server';
export {
  BatchConsumer,
  BatchContext,
  eventsConsumer,
  rawRecordsConsumer,
  type TenantLookup,
} from './batch-consumer';
export { sharedTrace } from './batch-trace';
export * from './outbox-relay';
export * from './topics-admin';
export * from './decode';
export * from './metrics';
export * from './raw-records';
