export * from './topics';
export * from './events';
export * from './envelope';
export * from './dto/validate';
export * from './dto/validators';
export * from './dto/feedback.dto';
export * from './webhook';
