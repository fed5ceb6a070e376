/**
 * Repeat contact and first-contact resolution (FCR), by event time, for one customer of one
 * tenant. Pure: the service feeds it the customer's stored contacts near the new ones.
 *
 * Definitions (W = the tenant's window; contacts ordered by startedAt, then id):
 * - X is a repeat contact when another contact of the customer started before X, at most W
 *   earlier (every outcome counts as a contact, abandoned ones too);
 * - FCR(X) is null when it does not apply (X abandoned, or `resolved` unknown), otherwise
 *   `resolved` and no other contact of the customer started after X, at most W later.
 *
 * A new contact can only turn stored signals one way — a later contact's repeat flag false →
 * true, an earlier contact's FCR true → false — since contacts are never removed. So the stored
 * contacts need only their own flags, and a revision is emitted only for a flag that flips.
 */
import type { DerivedSignals, InteractionOutcome } from '@continuum/contracts';

export const DAY_MS = 86_400_000;
export const DEFAULT_REPEAT_WINDOW_DAYS = 7;

export interface ContactRef {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

export interface StoredContact extends ContactRef, DerivedSignals {}

export interface NewContact extends ContactRef {
  readonly outcome: InteractionOutcome;
  readonly resolved: boolean | null;
}

export interface Revision {
  readonly id: string;
  readonly previous: DerivedSignals;
  readonly current: DerivedSignals;
  /** The new contact that flipped it (the earliest, when several did). */
  readonly causedBy: string;
}

export interface Derivation {
  /** Signals of each new contact, by id. */
  readonly fresh: Map<string, DerivedSignals>;
  /** Stored contacts whose signals changed. */
  readonly revisions: Revision[];
}

/** Event-time order: startedAt, then id, so that ties are decided the same way everywhere. */
export function compareContacts(a: ContactRef, b: ContactRef): number {
  return a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether FCR applies and what it is before looking at later contacts. */
export function fcrBasis(outcome: InteractionOutcome, resolved: boolean | null): boolean | null {
  if (outcome === 'abandoned') return null;
  return resolved;
}

/**
 * Derives the signals of `fresh` contacts (all new, distinct ids) given the customer's `stored`
 * contacts — at least those within `windowMs` of any new one — and the revisions of stored ones.
 */
export function deriveSignals(
  stored: readonly StoredContact[],
  fresh: readonly NewContact[],
  windowMs: number,
): Derivation {
  const freshIds = new Set(fresh.map((f) => f.id));
  const all: ContactRef[] = [...stored.filter((s) => !freshIds.has(s.id)), ...fresh].sort(compareContacts);
  const position = new Map(all.map((c, i) => [c.id, i]));

  const signals = new Map<string, DerivedSignals>();
  for (const f of fresh) {
    const i = position.get(f.id)!;
    const prev = all[i - 1];
    const next = all[i + 1];
    const repeatContact = prev !== undefined && f.startedAt - prev.startedAt <= windowMs;
    const basis = fcrBasis(f.outcome, f.resolved);
    const laterWithin = next !== undefined && next.startedAt - f.startedAt <= windowMs;
    signals.set(f.id, {
      repeatContact,
      firstContactResolution: basis === null ? null : basis && !laterWithin,
    });
  }

  // Fresh contacts in event order, to find for a stored contact the nearest new one on each side.
  const freshSorted = [...fresh].sort(compareContacts);
  const revisions: Revision[] = [];
  for (const s of stored) {
    if (freshIds.has(s.id)) continue;
    let causedBy: string | undefined;
    let repeatContact = s.repeatContact;
    let firstContactResolution = s.firstContactResolution;
    for (const f of freshSorted) {
      const d = compareContacts(f, s) < 0 ? s.startedAt - f.startedAt : f.startedAt - s.startedAt;
      if (d > windowMs) continue;
      if (compareContacts(f, s) < 0 && !repeatContact) {
        repeatContact = true;
        causedBy ??= f.id;
      } else if (compareContacts(f, s) > 0 && firstContactResolution === true) {
        firstContactResolution = false;
        causedBy ??= f.id;
      }
    }
    if (causedBy !== undefined) {
      revisions.push({
        id: s.id,
        previous: { repeatContact: s.repeatContact, firstContactResolution: s.firstContactResolution },
        current: { repeatContact, firstContactResolution },
        causedBy,
      });
    }
  }
  return { fresh: signals, revisions };
}
