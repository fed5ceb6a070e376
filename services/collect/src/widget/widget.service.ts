/**
 * The web widget's use cases: the public face of the survey a touchpoint shows (the texts any
 * visitor of the page sees, nothing of the tenant's data), and an answer to it, kept once per
 * submission id with its feedback event. Answers are anonymous: no customer id, no consent.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import type { SurveyQuestionType, SurveyV1 } from '@continuum/contracts';
import { ProblemException, ValidationProblem } from '@continuum/platform';
import { readAnswer } from '../pages/answer';
import type { WidgetAnswerDto, WidgetFormDto } from './widget.dto';
import type { WidgetCaller } from './widget.guard';
import { WidgetRepository } from './widget.repository';

export interface WidgetForm {
  readonly survey: string;
  readonly version: number;
  readonly lang: 'it' | 'en';
  readonly question: { readonly type: SurveyQuestionType; readonly text: string };
  readonly comment: { readonly text: string; readonly maxLength: number } | null;
  readonly thankYou: string;
}

export interface WidgetReceipt {
  readonly id: string;
  readonly status: 'recorded' | 'duplicate';
}

@Injectable()
export class WidgetService {
  constructor(private readonly repo: WidgetRepository) {}

  async form(w: WidgetCaller, dto: WidgetFormDto): Promise<WidgetForm> {
    const s = await this.repo.surveyFor(w.tenantId, dto.touchpoint);
    if (!s || s.paused)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Not found',
        `no survey serves touchpoint ${dto.touchpoint}`,
      );
    return faceOf(s, dto.lang);
  }

  async answer(w: WidgetCaller, dto: WidgetAnswerDto, now = new Date()): Promise<WidgetReceipt> {
    const survey = await this.repo.surveyVersion(w.tenantId, dto.survey, dto.version, dto.touchpoint);
    if (!survey)
      throw new ValidationProblem([
        {
          field: 'survey',
          reason: `no survey ${dto.survey} version ${dto.version} serves touchpoint ${dto.touchpoint}`,
        },
      ]);
    const read = readAnswer(survey, {
      score: String(dto.score),
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
    });
    if (!read.ok) throw new ValidationProblem(read.problems);
    const a = read.answer;
    const id = `widget:${dto.submissionId.toLowerCase()}`;
    const saved = await this.repo.save({
      tenantId: w.tenantId,
      submissionId: dto.submissionId,
      keyPrefix: w.keyPrefix,
      origin: w.origin,
      touchpoint: dto.touchpoint,
      survey,
      language: dto.lang,
      question: a.question,
      score: a.score,
      comment: a.comment,
      feedback: {
        tenantId: w.tenantId,
        // The browser's submission id: a retried post is the same feedback (listen's idempotency too).
        id,
        touchpoint: dto.touchpoint,
        channel: 'web',
        occurredAt: now.toISOString(),
        [a.question]: a.score,
        ...(a.comment ? { comment: a.comment } : {}),
      },
    });
    return { id, status: saved ? 'recorded' : 'duplicate' };
  }
}

/** What the widget shows: the question, the comment prompt and the thanks, in one language. */
function faceOf(s: SurveyV1, lang: 'it' | 'en'): WidgetForm {
  return {
    survey: s.id,
    version: s.version,
    lang,
    question: { type: s.question.type, text: s.question.text[lang] },
    comment: s.comment ? { text: s.comment.text[lang], maxLength: s.comment.maxLength } : null,
    thankYou: s.thankYou[lang],
  };
}
