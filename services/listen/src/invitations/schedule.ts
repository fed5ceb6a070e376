/** When an invitation may go out, and whether an interaction is sampled. Pure. */
import { createHash } from 'node:crypto';

/** Quiet hours are the journey lib's, shared with act's team notifications. */
export { firstSendTime } from '@continuum/journey';

/** Deterministic sampling: the same interaction is always in or out, whatever the redeliveries. */
export function sampled(tenantId: string, interactionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const h = createHash('sha256').update(`${tenantId}\u0000${interactionId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < rate;
}
