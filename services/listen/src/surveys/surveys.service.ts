/**
 * Surveys as data, per tenant and versioned. A PUT that changes nothing keeps the version; any
 * change makes a new one (invitations and answers name the version they used). Reason chips take
 * their labels from the tenant's themes at the time of the PUT.
 */
import { HttpStatus, Injectable } from '@nestjs/common';
import { parse as parseYaml } from 'yaml';
import {
  ID_PATTERN,
  SurveyDto,
  validatePayload,
  type FieldProblem,
  type SurveyV1,
} from '@continuum/contracts';
import { ProblemException, ValidationProblem } from '@continuum/platform';
import { ThemesService } from '../themes/themes.service';
import { SurveysRepository } from './surveys.repository';

const DEFAULT_COMMENT_LENGTH = 1000;

type Definition = Omit<SurveyV1, 'id' | 'version' | 'updatedAt'>;

@Injectable()
export class SurveysService {
  constructor(
    private readonly repo: SurveysRepository,
    private readonly themes: ThemesService,
  ) {}

  /** The body as JSON, or YAML when the content type says so. */
  static parse(body: unknown, contentType: string | undefined): unknown {
    if (typeof body !== 'string' || !/yaml/.test(contentType ?? '')) return body;
    try {
      return parseYaml(body) as unknown;
    } catch (err) {
      throw new ValidationProblem([
        { field: '(body)', reason: `not valid YAML: ${err instanceof Error ? err.message : String(err)}` },
      ]);
    }
  }

  async put(tenantId: string, id: string, body: unknown, now = new Date()): Promise<SurveyV1> {
    checkId(id);
    const v = validatePayload(SurveyDto, body);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const dto = v.value;
    const problems: FieldProblem[] = [];
    const dupTouchpoint = dto.touchpoints.findIndex((t, i) => dto.touchpoints.indexOf(t) !== i);
    if (dupTouchpoint >= 0)
      problems.push({ field: `touchpoints.${dupTouchpoint}`, reason: 'touchpoints must not repeat' });
    let chips: { id: string; label: { it: string; en: string } }[] = [];
    if (dto.reasons) {
      const { themes } = await this.themes.get(tenantId);
      chips = dto.reasons.themes.flatMap((t, i) => {
        const theme = themes.find((x) => x.id === t);
        if (!theme) {
          problems.push({ field: `reasons.themes.${i}`, reason: `${t} is not one of the tenant's themes` });
          return [];
        }
        return [{ id: theme.id, label: { it: theme.labels.it, en: theme.labels.en } }];
      });
    }
    if (problems.length > 0) throw new ValidationProblem(problems);
    const definition: Definition = {
      touchpoints: dto.touchpoints,
      question: { type: dto.question.type, text: text(dto.question.text) },
      comment: dto.comment
        ? { text: text(dto.comment.text), maxLength: dto.comment.maxLength ?? DEFAULT_COMMENT_LENGTH }
        : null,
      reasons: dto.reasons ? { text: text(dto.reasons.text), chips } : null,
      thankYou: text(dto.thankYou),
      invitation: { subject: text(dto.invitation.subject), intro: text(dto.invitation.intro) },
      channel: dto.channel ?? 'email',
      trigger: {
        sampling: dto.trigger?.sampling ?? 1,
        delayMinutes: dto.trigger?.delayMinutes ?? 0,
        quietHours: dto.trigger?.quietHours
          ? { from: dto.trigger.quietHours.from, to: dto.trigger.quietHours.to }
          : null,
        outcomes: dto.trigger?.outcomes ?? ['handled'],
      },
      expiresAfterDays: dto.expiresAfterDays ?? 7,
      paused: dto.paused ?? false,
    };
    return this.repo.transaction(async (m) => {
      await this.repo.lockTenant(tenantId, m);
      const taken = await this.repo.servingTouchpoints(tenantId, id, definition.touchpoints, m);
      if (taken.length > 0) {
        const conflicts = definition.touchpoints.flatMap((t, i) => {
          const other = taken.find((s) => s.touchpoints.includes(t));
          return other
            ? [{ field: `touchpoints.${i}`, reason: `${t} is already served by survey ${other.id}` }]
            : [];
        });
        throw new ProblemException(HttpStatus.CONFLICT, 'Conflict', conflicts[0].reason, {
          errors: conflicts,
        });
      }
      const latest = await this.repo.find(tenantId, id, undefined, m);
      if (latest && same(strip(latest), definition)) return latest;
      const survey: SurveyV1 = {
        id,
        version: (latest?.version ?? 0) + 1,
        ...definition,
        updatedAt: now.toISOString(),
      };
      await this.repo.insert(tenantId, survey, m);
      return survey;
    });
  }

  async get(tenantId: string, id: string, version?: number): Promise<SurveyV1> {
    checkId(id);
    const survey = await this.repo.find(tenantId, id, version);
    if (!survey)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Not found',
        version === undefined ? `no survey ${id}` : `no version ${version} of survey ${id}`,
      );
    return survey;
  }

  forTouchpoint(tenantId: string, touchpoint: string): Promise<SurveyV1 | null> {
    return this.repo.forTouchpoint(tenantId, touchpoint);
  }
}

function checkId(id: string): void {
  if (!ID_PATTERN.test(id))
    throw new ValidationProblem([
      { field: 'id', reason: 'id must be 1–128 characters: letters, digits and . _ : @ / + -' },
    ]);
}

const text = (t: { it: string; en: string }) => ({ it: t.it, en: t.en });

function strip(s: SurveyV1): Definition {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, version, updatedAt, ...rest } = s;
  return rest;
}

/** Structural equality of two JSON values, key order aside. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
