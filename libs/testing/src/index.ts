export * from './stack';
export * from './processes';
export * from './kafka';
export * from './oidc';
export * from './smtp';
export * from './hostile';
export * from './fixtures';
export * from './suite';
