import { Module } from '@nestjs/common';
import { JourneyModule } from '../journey/journey.module';
import { FunnelConsumer } from './funnel.consumer';
import { FunnelController } from './funnel.controller';
import { FunnelRepository } from './funnel.repository';
import { FunnelService } from './funnel.service';

/**
 * The response funnel of survey invitations (invited → skipped / delivered → opened → answered)
 * and its response rate. Owns `measure.invitation_statuses`; knows no customer or address.
 */
@Module({
  imports: [JourneyModule],
  controllers: [FunnelConsumer, FunnelController],
  providers: [FunnelService, FunnelRepository],
  exports: [FunnelRepository],
})
export class FunnelModule {}
