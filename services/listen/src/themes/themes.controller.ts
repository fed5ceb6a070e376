import { Body, Controller, Get, Put } from '@nestjs/common';
import { answer, ApiEndpoint, TenantId } from '@continuum/platform';
import { ThemesService } from './themes.service';
import { THEMES_BODY, THEMES_EXAMPLE, THEMES_VIEW, THEMES_VIEW_EXAMPLE } from './themes.openapi';

@Controller('v1/themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  @ApiEndpoint({
    summary: "The tenant's theme taxonomy",
    response: answer('The taxonomy comments are tagged with.', THEMES_VIEW, THEMES_VIEW_EXAMPLE),
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
    response: answer('The taxonomy now in force.', THEMES_VIEW, THEMES_VIEW_EXAMPLE),
  })
  put(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.themes.put(tenantId, body);
  }
}
