/** 1. Journey map: stages left to right, touchpoints coloured by indicators vs target, with n. */
import { useState } from 'preact/hooks';
import { get } from '../api';
import { t } from '../i18n';
import { fmt, lowerIsBetter, sameIndicator, type Journey, type SeriesItem } from '../types';
import { Head } from '../ui';
import { day, shortIndicator, Status, useLoad } from '../util';

type Verdict = 'met' | 'missed' | 'none';

interface Row {
  item: SeriesItem;
  target: Journey['targets'][number] | null;
  verdict: Verdict;
}

export interface TouchpointHealth {
  id: string;
  rows: Row[];
  n: number;
  verdict: Verdict;
  cycleStart: string | null;
}

const SKIP = new Set(['responses/count/v1']);

/** The target that applies: the touchpoint's own, else its stage's, else the journey's. */
function targetFor(j: Journey, touchpoint: string, stage: string, indicator: string) {
  const of = (kind: string, id: string) =>
    j.targets.find(
      (x) => x.scope.kind === kind && x.scope.id === id && sameIndicator(x.indicator, indicator),
    );
  return of('touchpoint', touchpoint) ?? of('stage', stage) ?? of('journey', '*') ?? null;
}

function judge(item: SeriesItem, target: Row['target']): Verdict {
  if (!target || item.value === null || item.n === 0) return 'none';
  const ok = target.op === '>=' ? item.value >= target.value : item.value <= target.value;
  return ok ? 'met' : 'missed';
}

/** Each touchpoint in the journey's current cycle: the latest cycle any touchpoint has data in. */
export async function loadHealth(j: Journey): Promise<TouchpointHealth[]> {
  const series = await Promise.all(
    j.touchpoints.map(
      async (tp) =>
        (
          await get<{ items: SeriesItem[] }>(
            'measure',
            `/v1/indicators?scope=${encodeURIComponent(`touchpoint:${tp.id}`)}`,
          )
        ).items,
    ),
  );
  const latest = series
    .flat()
    .reduce<string | null>((m, i) => (!m || i.cycle.start > m ? i.cycle.start : m), null);
  return j.touchpoints.map((tp, k) => {
    const current = series[k].filter((i) => i.cycle.start === latest);
    const rows = current
      .filter((i) => !SKIP.has(i.indicator) && i.n > 0)
      .map((item) => {
        const target = targetFor(j, tp.id, tp.stage, item.indicator);
        return { item, target, verdict: judge(item, target) };
      });
    const n =
      current.find((i) => i.indicator === 'responses/count/v1')?.n ??
      Math.max(0, ...rows.map((r) => r.item.n));
    const verdict: Verdict = rows.some((r) => r.verdict === 'missed')
      ? 'missed'
      : rows.some((r) => r.verdict === 'met')
        ? 'met'
        : 'none';
    return { id: tp.id, rows, n, verdict, cycleStart: latest };
  });
}

interface FunnelItem {
  cycle: { start: string };
  channel: string | null;
  invited: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  delivered: number;
  bounced: number;
  opened: number;
  answered: number;
  responseRate: SeriesItem;
}

const STAGES = ['invited', 'skipped', 'delivered', 'bounced', 'opened', 'answered'] as const;

/** The touchpoint's response funnel in its latest cycle, one row per channel. */
function Funnel({ touchpoint }: { touchpoint: string }) {
  const state = useLoad(async () => {
    const { items } = await get<{ items: FunnelItem[] }>(
      'measure',
      `/v1/funnel?touchpoint=${encodeURIComponent(touchpoint)}`,
    );
    const latest = items.reduce((m, i) => (i.cycle.start > m ? i.cycle.start : m), '');
    return items.filter((i) => i.cycle.start === latest);
  }, [touchpoint]);
  return (
    <Status state={state}>
      {(rows) =>
        rows.length === 0 ? null : (
          <table data-testid="touchpoint-funnel">
            <caption>{t('funnel')}</caption>
            <Head cols={[t('channel'), ...STAGES.map((s) => t(`funnel.${s}`)), t('responseRate')]} />
            <tbody>
              {rows.map((r) => (
                <tr key={r.channel ?? '-'}>
                  <td>{r.channel ?? '–'}</td>
                  {STAGES.map((s) => (
                    <td
                      key={s}
                      title={
                        s === 'skipped'
                          ? Object.entries(r.skippedByReason)
                              .map(([k, n]) => `${k}: ${n}`)
                              .join(', ')
                          : undefined
                      }
                    >
                      {r[s]}
                    </td>
                  ))}
                  <td>
                    {r.responseRate.value === null ? '–' : `${fmt(r.responseRate.value)} %`}{' '}
                    <small class="muted">({r.responseRate.indicator})</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Status>
  );
}

export function JourneyView({ onTrend }: { onTrend: (scope: string, indicator: string) => void }) {
  const state = useLoad(async () => {
    const journey = await get<Journey>('listen', '/v1/journey');
    return { journey, health: await loadHealth(journey) };
  }, []);
  const [selected, setSelected] = useState<string | null>(null);
  if (state.error && /404|no journey|not found/i.test(state.error))
    return <p class="muted">{t('noJourney')}</p>;
  return (
    <Status state={state}>
      {({ journey, health }) => {
        const byId = new Map(health.map((h) => [h.id, h]));
        const sel = selected ? byId.get(selected) : undefined;
        const tp = journey.touchpoints.find((x) => x.id === selected);
        const cycle = health.find((h) => h.cycleStart)?.cycleStart;
        return (
          <section>
            <p class="muted">
              {t('currentCycle')}: {cycle ? day(cycle) : '–'} ({journey.cycle}, {journey.timeZone}) ·{' '}
              <span class="legend met">{t('metTarget')}</span>{' '}
              <span class="legend missed">{t('missedTarget')}</span>{' '}
              <span class="legend none">{t('noTarget')}</span>
            </p>
            <div class="journey" data-testid="journey-map">
              {journey.stages.map((s) => (
                <div class="stage" key={s.id}>
                  <h3>{s.name}</h3>
                  <div class="owner">{s.owner}</div>
                  {journey.touchpoints
                    .filter((x) => x.stage === s.id)
                    .map((x) => {
                      const h = byId.get(x.id);
                      return (
                        <button
                          key={x.id}
                          class={`touchpoint ${h?.verdict ?? 'none'} ${selected === x.id ? 'selected' : ''}`}
                          data-testid={`tp-${x.id}`}
                          onClick={() => setSelected(x.id)}
                        >
                          <strong>{x.name}</strong>
                          <span class="n">n={h?.n ?? 0}</span>
                          {h?.rows
                            .filter((r) => r.item.indicator === 'nps/v1' || r.target)
                            .slice(0, 2)
                            .map((r) => (
                              <span class="kpi" key={r.item.indicator}>
                                {shortIndicator(r.item.indicator)} {fmt(r.item.value)}
                              </span>
                            ))}
                        </button>
                      );
                    })}
                </div>
              ))}
            </div>
            {sel && tp && (
              <div class="panel" data-testid="touchpoint-detail">
                <h3>
                  {t('detail')}: {tp.name}{' '}
                  <small class="muted">
                    ({tp.channel ?? '–'}, {t('owner')}: {tp.owner ?? '–'})
                  </small>
                  <button class="link" onClick={() => setSelected(null)}>
                    {t('close')}
                  </button>
                </h3>
                {sel.rows.length === 0 ? (
                  <p class="muted">{t('noData')}</p>
                ) : (
                  <table>
                    <Head cols={[t('indicator'), t('value'), t('interval'), 'n', t('target'), '']} />
                    <tbody>
                      {sel.rows.map((r) => (
                        <tr key={r.item.indicator} class={r.verdict}>
                          <td>{r.item.indicator}</td>
                          <td>{fmt(r.item.value)}</td>
                          <td>{r.item.ci ? `${fmt(r.item.ci[0])} … ${fmt(r.item.ci[1])}` : '–'}</td>
                          <td>{r.item.n}</td>
                          <td>
                            {r.target
                              ? `${r.target.op} ${r.target.value}${r.target.scope.kind === 'touchpoint' ? '' : ` (${r.target.scope.kind})`}`
                              : lowerIsBetter(r.item.indicator)
                                ? '↓'
                                : '–'}
                          </td>
                          <td>
                            <button
                              class="link"
                              onClick={() => onTrend(`touchpoint:${tp.id}`, r.item.indicator)}
                            >
                              {t('showTrend')}
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <Funnel touchpoint={tp.id} />
              </div>
            )}
          </section>
        );
      }}
    </Status>
  );
}
