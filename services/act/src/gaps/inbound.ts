/**
 * What act checks in measure's events beyond their JSON Schemas (which decodeEvents applies):
 * the rules across fields a schema cannot say. Pure.
 */
import type { Cycle } from '@continuum/contracts';

/** Null when the cycle is a real period, else the reason. */
export function cycleProblem(data: { readonly cycle: Cycle }): string | null {
  return Date.parse(data.cycle.start) < Date.parse(data.cycle.end)
    ? null
    : 'cycle: cycle.start must be before cycle.end';
}
