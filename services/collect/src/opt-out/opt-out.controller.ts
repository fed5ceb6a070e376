import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiEndpoint, Public } from '@continuum/platform';
import { htmlPage, sendPage } from '../pages/pages.controller';
import { OptOutService } from './opt-out.service';

const TOKEN = 'The signed opt-out token.';

/** Opt-out links for people: a confirmation page, and its form post. */
@Public()
@Controller()
export class OptOutController {
  constructor(private readonly optOut: OptOutService) {}

  @Get('o/:token')
  @ApiEndpoint({
    summary: 'The opt-out page of a "you said, we did" message',
    description:
      'Asks to confirm (a mail scanner following the link opts nobody out); 404 for an invalid link.',
    ...htmlPage(TOKEN, 'The confirmation page.'),
  })
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.optOut.show(token));
  }

  @Post('o/:token')
  @ApiEndpoint({
    summary: 'Opt out: the customer is contacted no more (surveys and messages)',
    description:
      "Sets the customer's opt-out in listen's contact policy (`cx.contact.opted-out.v1`); a second post changes nothing.",
    ...htmlPage(TOKEN, 'The done page.'),
  })
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.optOut.confirm(token));
  }
}
