/**
 * Customers as act names them are pseudonyms (issue 20 item 2): for people whose role may see
 * customers, listen resolves them. The cards of one render ask together, in one request.
 */
import { useEffect, useState } from 'preact/hooks';
import { can, post, type Me } from './api';

const PSEUDONYM = /^psn_[A-Za-z0-9_-]{27}$/;
const known = new Map<string, Promise<string | null>>();
let pending: { pseudonym: string; settle: (id: string | null) => void }[] = [];

const MAX = 1000;

function flush(): void {
  const batch = pending.slice(0, MAX);
  pending = pending.slice(MAX);
  if (pending.length > 0) queueMicrotask(flush);
  post<{ customers: { pseudonym: string; customerId: string | null }[] }>(
    'listen',
    '/v1/privacy/pseudonyms/resolve',
    { pseudonyms: batch.map((b) => b.pseudonym) },
  )
    .then((r) => batch.forEach((b, i) => b.settle(r.customers[i]?.customerId ?? null)))
    .catch(() => batch.forEach((b) => b.settle(null)));
}

function resolve(pseudonym: string): Promise<string | null> {
  let p = known.get(pseudonym);
  if (!p) {
    p = new Promise((settle) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ pseudonym, settle });
    });
    known.set(pseudonym, p);
  }
  return p;
}

/** The customer id to show: the resolved one when the role allows it, else what act answered. */
export function useCustomerId(me: Me | null, shown: string | null | undefined): string | null {
  const [id, setId] = useState<string | null>(shown ?? null);
  useEffect(() => {
    setId(shown ?? null);
    if (!shown || !PSEUDONYM.test(shown) || !can(me, 'read:customers')) return;
    let alive = true;
    void resolve(shown).then((r) => alive && r !== null && setId(r));
    return () => {
      alive = false;
    };
  }, [shown, me]);
  return id;
}
