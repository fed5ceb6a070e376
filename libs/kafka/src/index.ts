export * from './client';
export * from './records';
export * from './producer';
export * from './dead-letter';
export * from './transient';
export * from './batch-server';
export * from './outbox-relay';
export * from './topics-admin';
