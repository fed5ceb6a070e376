import { Body, Controller, Get, Put } from '@nestjs/common';
import { RequireScope, TenantId } from '@continuum/platform';
import { ThemesService } from './themes.service';

@Controller('v1/themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  get(@TenantId() tenantId: string) {
    return this.themes.get(tenantId);
  }

  /** `{ themes: [{ id, labels: { it, en }, keywords: { it: [...], en: [...] } }] }`; applies to new comments. */
  @Put()
  @RequireScope('admin')
  put(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.themes.put(tenantId, body);
  }
}
