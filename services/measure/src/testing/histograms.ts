import { emptyHistogram, NPS_DOMAIN, type Histogram } from '@continuum/indicators';

/** For unit specs: an NPS histogram of promoters (10), passives (8) and detractors (3). */
export function npsOf(promoters: number, passives: number, detractors: number): Histogram {
  const counts = new Array<number>(11).fill(0);
  counts[10] = promoters;
  counts[8] = passives;
  counts[3] = detractors;
  return { ...emptyHistogram(NPS_DOMAIN), counts };
}
