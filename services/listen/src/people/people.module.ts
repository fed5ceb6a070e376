import { Module } from '@nestjs/common';
import { JourneyModule } from '../journey/journey.module';
import { AuditController, KeysController, UsersController } from './people.controller';
import { PeopleService } from './people.service';

/**
 * People and machines of a tenant: users (roles, teams), API keys, the audit trail. Served by
 * listen because it owns the journey map that defines the teams users belong to.
 */
@Module({
  imports: [JourneyModule],
  controllers: [UsersController, KeysController, AuditController],
  providers: [PeopleService],
})
export class PeopleModule {}
