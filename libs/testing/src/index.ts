export * from './stack';
export * from './processes';
export * from './kafka';
