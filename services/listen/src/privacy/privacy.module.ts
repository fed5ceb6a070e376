import { Module } from '@nestjs/common';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module';
import { ErasureConsumer } from './erasure.consumer';
import { ErasureController } from './erasure.controller';
import { ErasureRepository } from './erasure.repository';
import { ErasureService } from './erasure.service';
import { RawTopicPurge } from './raw-purge.job';
import { RetentionController } from './retention.controller';
import { RetentionJob } from './retention.job';
import { RetentionRepository } from './retention.repository';

/** What listen keeps about customers, for how long, and their erasure and access (docs/privacy.md). */
@Module({
  imports: [PseudonymsModule],
  controllers: [RetentionController, ErasureController, ErasureConsumer],
  providers: [RetentionRepository, RetentionJob, RawTopicPurge, ErasureRepository, ErasureService],
})
export class PrivacyModule {}
