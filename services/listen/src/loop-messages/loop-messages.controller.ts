import { Body, Controller, Get, Put } from '@nestjs/common';
import { answer, ApiEndpoint, TenantId, type JsonSchema } from '@continuum/platform';
import { withDefault } from '../openapi';
import { LoopMessagesService } from './loop-messages.service';
import { DEFAULT_TEMPLATE } from './template';

const TEXTS = (max: number, what: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['it', 'en'],
  properties: {
    it: { type: 'string', minLength: 1, maxLength: max, description: `${what} in Italian.` },
    en: { type: 'string', minLength: 1, maxLength: max, description: `${what} in English.` },
  },
});
const TEMPLATE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'body'],
  properties: {
    subject: TEXTS(200, 'The subject'),
    body: TEXTS(
      5000,
      'The text; `{{title}}` is the action taken, `{{summary}}` what changed. The opt-out link is added after it',
    ),
  },
};
const TEMPLATE_VIEW = withDefault(
  TEMPLATE_BODY.properties as Record<string, unknown>,
  'The built-in template (none set yet).',
);

@Controller('v1/loop-messages')
export class LoopMessagesController {
  constructor(private readonly messages: LoopMessagesService) {}

  @Get('template')
  @ApiEndpoint({
    summary: 'The "you said, we did" message template (it/en)',
    response: answer('The template (the built-in one until set).', TEMPLATE_VIEW, {
      ...DEFAULT_TEMPLATE,
      default: true,
    }),
  })
  template(@TenantId() tenantId: string) {
    return this.messages.template(tenantId);
  }

  @Put('template')
  @ApiEndpoint({
    summary: 'Replace the "you said, we did" message template',
    description:
      'Sent, when a verified action closes the loop, to each customer it names who agreed to be contacted, has an e-mail address and has not opted out, in their language; an opt-out link closes every message.',
    permission: 'admin',
    body: { schema: TEMPLATE_BODY, example: DEFAULT_TEMPLATE },
    response: answer('The template now in force.', TEMPLATE_VIEW, { ...DEFAULT_TEMPLATE, default: false }),
  })
  putTemplate(@TenantId() tenantId: string, @Body() body: unknown) {
    return this.messages.putTemplate(tenantId, body);
  }
}
