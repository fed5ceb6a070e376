/** My queue: the live actions owned by my teams, overdue first, then by due time. */
import { useEffect } from 'preact/hooks';
import type { Me } from '../api';
import { t } from '../i18n';
import { isOverdue, type Action } from '../types';
import { useLoad } from '../util';
import { Card, loadActions } from './actions';

const LIVE = new Set(['open', 'acknowledged', 'reopened']);

export function queueOrder(items: readonly Action[], teams: readonly string[], now = Date.now()): Action[] {
  const mine = items.filter((a) => teams.includes(a.owner) && LIVE.has(a.status));
  return mine.sort((a, b) => {
    const oa = isOverdue(a, now) ? 0 : 1;
    const ob = isOverdue(b, now) ? 0 : 1;
    return oa - ob || a.dueAt.localeCompare(b.dueAt);
  });
}

export function QueueView({ me, changes }: { me: Me; changes: number }) {
  const teams = me.teams ?? [];
  // One request per team: act filters by owner, so nothing of other teams is fetched.
  const state = useLoad(
    async () => (await Promise.all(teams.map((owner) => loadActions({ owner })))).flat(),
    [teams.join(',')],
  );
  useEffect(() => {
    if (changes > 0) state.reload();
  }, [changes]);
  const items = queueOrder(state.data ?? [], teams);
  return (
    <section data-testid="queue">
      <h2>
        {t('myQueue')} <span class="muted">({teams.join(', ') || t('noTeams')})</span>
      </h2>
      {state.error && <p class="error">{`${t('error')}: ${state.error}`}</p>}
      {state.data && items.length === 0 && <p class="muted">{t('queueEmpty')}</p>}
      <div class="queue">
        {items.map((a) => (
          <Card key={a.id} a={a} me={me} onChanged={() => state.reload()} />
        ))}
      </div>
    </section>
  );
}
