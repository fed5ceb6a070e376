import { Module } from '@nestjs/common';
import { OptOutController } from './opt-out.controller';
import { OptOutService } from './opt-out.service';

/** Opt-out links: owns `collect.opt_outs`; reads listen's `loop_messages` row a link names. */
@Module({ controllers: [OptOutController], providers: [OptOutService] })
export class OptOutModule {}
