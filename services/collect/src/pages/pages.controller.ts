import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiEndpoint, Public, type EndpointDoc } from '@continuum/platform';
import { PagesService, type PageResult } from './pages.service';
import { CSP, SURVEY_CSS } from './render';

/** A public HTML page at a signed link's `:token` (or its form post), as OpenAPI shows it. */
export function htmlPage(token: string, page: string): Pick<EndpointDoc, 'permission' | 'path' | 'response'> {
  return {
    permission: 'public',
    path: [{ name: 'token', schema: { type: 'string', maxLength: 1024, description: token } }],
    response: {
      status: 200,
      description: page,
      type: 'text/html',
      schema: { type: 'string', description: 'An HTML page.' },
    },
  };
}

const TOKEN = 'The signed link token.';

/** Survey pages for people, not programs: HTML in, HTML out, no credential. */
@Public()
@Controller()
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get('s/:token')
  @ApiEndpoint({
    summary: 'The survey page of an invitation link',
    description:
      'HTML in the invitation’s language: the question, an optional comment and reason chips, one tap to answer. Friendly pages for used (200), expired (410) and invalid (400, 404) links.',
    ...htmlPage(TOKEN, 'The page.'),
  })
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.pages.show(token));
  }

  @Post('s/:token')
  @ApiEndpoint({
    summary: 'Answer a survey page (its form post)',
    description:
      'Form fields: `score`, `comment`, `reason` (repeated), `consent=yes`. Kept once per invitation: a second post (double click, replayed link) gets the "already answered" page (409) and changes nothing. A bad field re-renders the page naming it (400), nothing stored.',
    ...htmlPage(TOKEN, 'The thank-you page.'),
  })
  async answer(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    sendPage(res, await this.pages.answer(token, form));
  }

  @Get('assets/survey.css')
  @ApiEndpoint({
    summary: 'The survey pages’ style sheet',
    permission: 'public',
    response: { status: 200, description: 'CSS.', type: 'text/css', schema: { type: 'string' } },
  })
  css(@Res() res: Response): void {
    res.status(200).type('text/css').set('Cache-Control', 'public, max-age=3600').send(SURVEY_CSS);
  }
}

export function sendPage(res: Response, page: PageResult): void {
  res
    .status(page.status)
    .type('html')
    .set({
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    .send(page.html);
}
