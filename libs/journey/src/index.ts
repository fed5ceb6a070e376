export * from './cycle';
export * from './journey';
