export * from './cycle';
