export * from './data-source';
export * from './outbox';
export * from './tenancy/tenancy.migrations';
export * from './tenancy/tenant-directory';
export * from './tenancy/audit';
export * from './invitation-status';
