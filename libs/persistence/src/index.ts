export * from './data-source';
export * from './outbox';
export * from './tenancy/tenancy.migrations';
export * from './tenancy/tenant-directory';
export * from './tenancy/audit';
export * from './privacy';
export * from './invitation-status';
export * from './tenancy/subject-keys';
