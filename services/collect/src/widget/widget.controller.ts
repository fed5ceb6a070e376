import { Body, Controller, Get, HttpCode, Options, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiEndpoint, Public, type JsonSchema } from '@continuum/platform';
import { WidgetAnswerDto, WidgetFormDto } from './widget.dto';
import { Widget, WidgetGuard, type WidgetCaller } from './widget.guard';
import { WIDGET_JS } from './widget.script';
import { WidgetService, type WidgetForm, type WidgetReceipt } from './widget.service';

const KEY = {
  name: 'key',
  required: true,
  description:
    'A publishable widget key (`cpk_…`, scope `ingest:widget`): it works only from its allowed origins (the `Origin` header) and reads nothing.',
  schema: { type: 'string', maxLength: 200 },
};
const ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$' };
const LANG = { enum: ['it', 'en'] };
const FORM_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['touchpoint', 'lang'],
  properties: { touchpoint: ID, lang: LANG },
};
const FORM: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['survey', 'version', 'lang', 'question', 'comment', 'thankYou'],
  properties: {
    survey: { type: 'string' },
    version: { type: 'integer' },
    lang: LANG,
    question: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'text'],
      properties: { type: { enum: ['nps', 'csat', 'ces', 'emoji'] }, text: { type: 'string' } },
    },
    comment: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['text', 'maxLength'],
          properties: { text: { type: 'string' }, maxLength: { type: 'integer' } },
        },
        { type: 'null' },
      ],
    },
    thankYou: { type: 'string' },
  },
};
const ANSWER_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['submissionId', 'touchpoint', 'survey', 'version', 'lang', 'score'],
  properties: {
    submissionId: {
      type: 'string',
      format: 'uuid',
      description: 'Made by the widget for this answer: a retried post is the same answer.',
    },
    touchpoint: ID,
    survey: ID,
    version: { type: 'integer', minimum: 1 },
    lang: LANG,
    score: {
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      description: 'NPS 0–10, CSAT 1–5, CES 1–7, or an emoji word (angry, sad, neutral, happy, love).',
    },
    comment: { type: 'string', maxLength: 5000 },
  },
};
const RECEIPT: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', description: 'The feedback id: `widget:<submissionId>`.' },
    status: { enum: ['recorded', 'duplicate'] },
  },
};
const PREFLIGHT = {
  summary: 'CORS preflight of a widget request',
  description:
    'Answered (204, `Access-Control-Allow-Origin` naming the origin) only when the key is a live widget key and the `Origin` is one of its allowed origins; 401/403 otherwise, without CORS headers.',
  permission: 'public' as const,
  query: [KEY],
  response: { status: 204, description: 'The origin may post.' },
  problems: [401, 403, 429] as const,
};

/**
 * The web widget: its script and the two requests it makes, from a customer's web page. No
 * cookie is set or read; the publishable key is the only credential and it reads nothing.
 */
@Public()
@Controller()
export class WidgetController {
  constructor(private readonly widget: WidgetService) {}

  @Get('widget.js')
  @ApiEndpoint({
    summary: 'The widget script, for one `<script>` tag',
    description:
      '`<script src="…/widget.js" data-key="cpk_…" data-touchpoint="web-checkout" data-lang="it" async></script>`; `data-target` (a CSS selector) places it in the page, else it floats. Plain JavaScript, no eval, no inline style sheet: it works under a strict Content-Security-Policy that allows this origin in `script-src` and `connect-src`.',
    permission: 'public',
    response: {
      status: 200,
      description: 'JavaScript.',
      type: 'application/javascript',
      schema: { type: 'string' },
      example: "(function () { 'use strict'; var script = document.currentScript; /* … */ })();",
    },
  })
  script(@Res() res: Response): void {
    res
      .status(200)
      .type('application/javascript; charset=utf-8')
      .set({
        'Cache-Control': 'public, max-age=300',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(WIDGET_JS);
  }

  @Options('widget/v1/form')
  @HttpCode(204)
  @UseGuards(WidgetGuard)
  @ApiEndpoint(PREFLIGHT)
  formPreflight(@Res({ passthrough: true }) res: Response): void {
    preflight(res);
  }

  @Post('widget/v1/form')
  @HttpCode(200)
  @UseGuards(WidgetGuard)
  @ApiEndpoint({
    summary: 'The survey a touchpoint shows, in one language (what the widget renders)',
    description:
      'Only the texts every visitor of the page sees: the question, the comment prompt, the thanks. 404 when no survey serves the touchpoint (or it is paused).',
    permission: 'public',
    query: [KEY],
    body: { schema: FORM_BODY, example: { touchpoint: 'web-checkout', lang: 'it' } },
    response: {
      status: 200,
      description: 'The form.',
      schema: FORM,
      example: {
        survey: 'checkout',
        version: 3,
        lang: 'it',
        question: { type: 'nps', text: 'Quanto ci consiglieresti a un amico?' },
        comment: { text: 'Vuoi dirci di più?', maxLength: 1000 },
        thankYou: 'Grazie!',
      },
    },
    problems: [401, 403, 404, 429],
  })
  form(@Widget() w: WidgetCaller, @Body() body: WidgetFormDto): Promise<WidgetForm> {
    return this.widget.form(w, body);
  }

  @Options('widget/v1/answers')
  @HttpCode(204)
  @UseGuards(WidgetGuard)
  @ApiEndpoint(PREFLIGHT)
  answersPreflight(@Res({ passthrough: true }) res: Response): void {
    preflight(res);
  }

  @Post('widget/v1/answers')
  @HttpCode(202)
  @UseGuards(WidgetGuard)
  @ApiEndpoint({
    summary: 'Answer the widget’s survey: one score, an optional comment',
    description:
      'Becomes anonymous feedback (`channel: web`) on `cx.feedback.raw.v1` through the outbox, with id `widget:<submissionId>`: a retried post is a `duplicate` and changes nothing. A bad field is named (400).',
    permission: 'public',
    query: [KEY],
    body: {
      schema: ANSWER_BODY,
      example: {
        submissionId: '0b6f4c9e-1f7a-4b9e-9d61-2f1d3c4b5a69',
        touchpoint: 'web-checkout',
        survey: 'checkout',
        version: 3,
        lang: 'it',
        score: 9,
        comment: 'Veloce e chiaro',
      },
    },
    response: {
      status: 202,
      description: 'Recorded (or already recorded).',
      schema: RECEIPT,
      example: { id: 'widget:0b6f4c9e-1f7a-4b9e-9d61-2f1d3c4b5a69', status: 'recorded' },
    },
    problems: [401, 403, 429],
  })
  answer(@Widget() w: WidgetCaller, @Body() body: WidgetAnswerDto): Promise<WidgetReceipt> {
    return this.widget.answer(w, body);
  }
}

function preflight(res: Response): void {
  res.set({
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': 'content-type',
    'Access-Control-Max-Age': '600',
  });
}
