import { Module } from '@nestjs/common';
import { PseudonymsController } from './pseudonyms.controller';
import { PseudonymsRepository } from './pseudonyms.repository';
import { PseudonymsService } from './pseudonyms.service';

/** Pseudonymised customer ids on topics: the tenants' keys, the mapping, resolution and the raw opt-in. */
@Module({
  controllers: [PseudonymsController],
  providers: [PseudonymsService, PseudonymsRepository],
  exports: [PseudonymsService],
})
export class PseudonymsModule {}
