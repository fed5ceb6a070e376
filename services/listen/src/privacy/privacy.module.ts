import { Module } from '@nestjs/common';
import { RawTopicPurge } from './raw-purge.job';
import { RetentionController } from './retention.controller';
import { RetentionJob } from './retention.job';
import { RetentionRepository } from './retention.repository';

/** What listen keeps about customers, and for how long (docs/privacy.md). */
@Module({
  controllers: [RetentionController],
  providers: [RetentionRepository, RetentionJob, RawTopicPurge],
})
export class PrivacyModule {}
