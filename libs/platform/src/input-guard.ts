/**
 * The first check of every request, before any parser's output reaches a DTO: the path must be
 * valid percent-encoded UTF-8 and, with the query and the parsed body, free of what no door
 * accepts (NUL, lone surrogates, prototype keys, deep nesting: `inputProblems`). A refusal is the
 * usual 400 naming the field; this keeps such input from class-transformer and PostgreSQL.
 */
import type { NextFunction, Request, Response } from 'express';
import { inputProblems, type FieldProblem } from '@continuum/contracts';
import { ValidationProblem } from './problem';

function pathProblems(path: string): FieldProblem[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return [{ field: 'path', reason: 'must be valid percent-encoded UTF-8' }];
  }
  return inputProblems(decoded, 'path');
}

export function inputGuard(req: Request, _res: Response, next: NextFunction): void {
  const problems = [
    ...pathProblems(req.path),
    ...inputProblems(req.query, 'query'),
    ...(typeof req.body === 'object' && req.body !== null ? inputProblems(req.body) : []),
  ];
  next(problems.length > 0 ? new ValidationProblem(problems) : undefined);
}
