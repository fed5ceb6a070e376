export * from './check';
export * from './common';
export * from './headers';
export * from './feedback.schema';
export * from './interaction.schema';
export * from './invitation.schema';
export * from './metrics.schema';
export * from './journey.schema';
