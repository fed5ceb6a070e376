// class-transformer's @Type reads decorator metadata.
import 'reflect-metadata';
export * from './topics';
export * from './events';
export * from './envelope';
export * from './trace';
export * from './dead-letter';
export * from './topic-config';
export * from './schemas';
export * from './asyncapi';
export * from './dto/validate';
export * from './dto/validators';
export * from './dto/feedback.dto';
export * from './dto/journey.dto';
export * from './dto/invitation.dto';
export * from './dto/interaction.dto';
export * from './dto/people.dto';
export * from './dto/fields';
export * from './webhook';
