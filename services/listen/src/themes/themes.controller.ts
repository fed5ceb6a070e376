import { Body, Controller, Get, Put } from '@nestjs/common';
import { TenantId, ApiEndpoint } from '@continuum/platform';
import { ThemesService } from './themes.service';
import { THEMES_BODY, THEMES_EXAMPLE, THEMES_VIEW } from '../openapi';

@Controller('v1/themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's theme taxonomy",
    response: {
      status: 200,
      description: 'The taxonomy comments are tagged with.',
      schema: THEMES_VIEW,
      example: { ...THEMES_EXAMPLE, default: false },
    },
  })
  get(@TenantId() tenantId: string) {
    return this.themes.get(tenantId);
  }

  /** `{ themes: [{ id, labels: { it, en }, keywords: { it: [...], en: [...] } }] }`; applies to new comments. */
  @Put()
  @ApiEndpoint({
    summary: "Replace the tenant's theme taxonomy",
    description: 'Applies to comments analysed from then on.',
    permission: 'admin',
    body: { schema: THEMES_BODY, example: THEMES_EXAMPLE },
    response: {
      status: 200,
      description: 'The taxonomy now in force.',
      schema: THEMES_VIEW,
      example: { ...THEMES_EXAMPLE, default: false },
    },
  })
  put(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.themes.put(tenantId, body);
  }
}
