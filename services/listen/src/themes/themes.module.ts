import { Module } from '@nestjs/common';
import { ThemesController } from './themes.controller';
import { ThemesService } from './themes.service';

/** The tenant-editable theme taxonomy used to tag comments. */
@Module({ controllers: [ThemesController], providers: [ThemesService], exports: [ThemesService] })
export class ThemesModule {}
