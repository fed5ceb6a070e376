/** 7. Live feed: recent feedback from listen, then new answers as the console server pushes them. */
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { t } from '../i18n';
import { fmt, type Feedback } from '../types';
import { time } from '../util';

const KEEP = 200;

/** The last hour's feedback, paging listen's cursor (oldest first) a few pages at most. */
async function recent(): Promise<Feedback[]> {
  let url: string | null = `/v1/feedback?since=${new Date(Date.now() - 3600_000).toISOString()}&limit=500`;
  let all: Feedback[] = [];
  for (let page = 0; url && page < 10; page++) {
    const r: { items: Feedback[]; next: string | null } = await get('listen', url);
    all = [...all, ...r.items].slice(-KEEP);
    url = r.next;
  }
  return all.reverse();
}

function score(f: Feedback): string {
  if (f.nps !== null) return `NPS ${f.nps}`;
  if (f.csat !== null) return `CSAT ${f.csat}`;
  if (f.ces !== null) return `CES ${f.ces}`;
  return '–';
}

export function FeedView({ incoming }: { incoming: Feedback[] }) {
  const [items, setItems] = useState<Feedback[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    recent()
      .then(setItems)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const seen = new Set<string>();
  const shown = [...incoming, ...items].filter((f) => !seen.has(f.id) && seen.add(f.id)).slice(0, KEEP);
  return (
    <section data-testid="feed-view">
      <h3>{t('feedTitle')}</h3>
      {error && <p class="error">{error}</p>}
      {shown.length === 0 && <p class="muted">{t('noFeedback')}</p>}
      <table class="feed">
        <tbody>
          {shown.map((f) => {
            const s = f.sentiment ?? 0;
            return (
              <tr key={f.id} data-testid="feed-item">
                <td class="muted">{time(f.receivedAt)}</td>
                <td>{f.touchpoint}</td>
                <td>
                  <b class={f.nps !== null && f.nps <= 6 ? 'neg' : ''}>{score(f)}</b>
                </td>
                <td>
                  <span
                    class={`sentiment ${s < -0.05 ? 'neg' : s > 0.05 ? 'pos' : ''}`}
                    title={t('sentiment')}
                  >
                    {f.sentiment === null ? '–' : fmt(f.sentiment, 2)}
                  </span>
                </td>
                <td>
                  {f.themes.map((x) => (
                    <span class="chip" key={x}>
                      {x}
                    </span>
                  ))}
                </td>
                <td>{f.comment ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
