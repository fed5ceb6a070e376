import { Body, Controller, Get, Headers, Param, Put, Query } from '@nestjs/common';
import { ID, IsOptionalInt } from '@continuum/contracts';
import { answer, ApiEndpoint, TenantId } from '@continuum/platform';
import { SurveysService } from './surveys.service';
import {
  SURVEY_BODY,
  SURVEY_EXAMPLE,
  SURVEY_VIEW,
  SURVEY_VIEW_EXAMPLE,
  SURVEY_YAML_EXAMPLE,
} from './surveys.openapi';

class SurveyQuery {
  @IsOptionalInt(1)
  version?: number;
}

@Controller('v1/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Put(':id')
  @ApiEndpoint({
    summary: 'Store a survey (JSON or YAML); a change makes a new version',
    description:
      'Validated as a whole, each problem named. A touchpoint is served by one survey of the tenant (409 otherwise). Reason chips take their labels from the tenant’s themes.',
    permission: 'admin',
    path: [{ name: 'id', schema: ID }],
    body: {
      schema: SURVEY_BODY,
      example: SURVEY_EXAMPLE,
      alsoAs: [{ type: 'application/yaml', example: SURVEY_YAML_EXAMPLE }],
      description: 'JSON, or the same survey as YAML with `content-type: application/yaml`.',
    },
    response: answer(
      'The survey as stored, with its version (unchanged when nothing changed).',
      SURVEY_VIEW,
      SURVEY_VIEW_EXAMPLE,
    ),
    problems: [409],
    problemNotes: { 409: 'A touchpoint is already served by another survey of the tenant' },
  })
  put(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('content-type') type?: string,
  ) {
    return this.surveys.put(tenantId, id, SurveysService.parse(body, type));
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'A survey: its latest version, or the one asked for',
    path: [{ name: 'id', schema: ID }],
    query: [{ name: 'version', schema: { type: 'integer', minimum: 1 } }],
    response: answer('The survey.', SURVEY_VIEW, SURVEY_VIEW_EXAMPLE),
    problems: [404],
    problemNotes: { 404: 'No such survey (or version)' },
  })
  get(@TenantId() tenantId: string, @Param('id') id: string, @Query() q: SurveyQuery) {
    return this.surveys.get(tenantId, id, q.version);
  }
}
