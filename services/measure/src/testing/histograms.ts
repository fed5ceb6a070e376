import type { Histogram } from '@continuum/indicators';
import { classHistogram } from '../drivers/drivers';

/** For unit specs: an NPS histogram of promoters (10), passives (8) and detractors (3). */
export function npsOf(promoters: number, passives: number, detractors: number): Histogram {
  return classHistogram(promoters, passives, detractors, 3);
}
