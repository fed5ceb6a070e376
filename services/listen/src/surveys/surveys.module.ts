import { Module } from '@nestjs/common';
import { ThemesModule } from '../themes/themes.module';
import { SurveysController } from './surveys.controller';
import { SurveysRepository } from './surveys.repository';
import { SurveysService } from './surveys.service';

/** Surveys as data: what each tenant asks at which touchpoints, in Italian and English. */
@Module({
  imports: [ThemesModule],
  controllers: [SurveysController],
  providers: [SurveysService, SurveysRepository],
  exports: [SurveysService],
})
export class SurveysModule {}
