/** 2. Trends: per scope and indicator, the per-cycle series with its 95 % band, targets and gaps. */
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { get } from '../api';
import { t } from '../i18n';
import { sameIndicator, type Gap, type Journey, type SeriesItem } from '../types';
import { Head, ScopeField, SelectField } from '../ui';
import { day, Status, useLoad } from '../util';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Filler,
  Legend,
  Tooltip,
);

function TrendChart({ items, gaps, target }: { items: SeriesItem[]; gaps: Gap[]; target: number | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const labels = items.map((i) => day(i.cycle.start));
    const gapAt = new Set(gaps.filter((g) => g.kind !== 'early-warning').map((g) => day(g.cycle.start)));
    const warnAt = new Set(gaps.filter((g) => g.kind === 'early-warning').map((g) => day(g.cycle.start)));
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label: `${t('band')} (low)`,
            data: items.map((i) => i.ci?.[0] ?? null),
            borderColor: 'transparent',
            pointRadius: 0,
            fill: false,
          },
          {
            label: t('band'),
            data: items.map((i) => i.ci?.[1] ?? null),
            borderColor: 'transparent',
            backgroundColor: 'rgba(37, 99, 235, 0.15)',
            pointRadius: 0,
            fill: '-1',
          },
          {
            label: t('value'),
            data: items.map((i) => i.value),
            borderColor: '#2563eb',
            backgroundColor: '#2563eb',
            pointRadius: labels.map((l) => (gapAt.has(l) || warnAt.has(l) ? 8 : 3)),
            pointStyle: labels.map((l) => (gapAt.has(l) ? 'triangle' : warnAt.has(l) ? 'rectRot' : 'circle')),
            pointBackgroundColor: labels.map((l) =>
              gapAt.has(l) ? '#dc2626' : warnAt.has(l) ? '#f59e0b' : '#2563eb',
            ),
            tension: 0.2,
          },
          ...(target === null
            ? []
            : [
                {
                  label: t('target'),
                  data: items.map(() => target),
                  borderColor: '#16a34a',
                  borderDash: [6, 4],
                  pointRadius: 0,
                },
              ]),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { labels: { filter: (l) => !String(l.text).endsWith('(low)') } },
          tooltip: {
            callbacks: {
              afterBody: (ctx) => {
                const i = items[ctx[0]?.dataIndex ?? -1];
                if (!i) return '';
                const g = gapAt.has(day(i.cycle.start)) ? ` · ${t('gapMarked')}` : '';
                return `n=${i.n}${i.closed ? '' : ' (open)'}${g}`;
              },
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [items, gaps, target]);
  return (
    <div class="chart">
      <canvas ref={canvas} data-testid="trend-chart" />
    </div>
  );
}

export function TrendsView({
  scope,
  indicator,
  onChange,
}: {
  scope: string;
  indicator: string;
  onChange: (scope: string, indicator: string) => void;
}) {
  const journey = useLoad(() => get<Journey>('listen', '/v1/journey').catch(() => null), []);
  const series = useLoad(async () => {
    const q = `scope=${encodeURIComponent(scope)}`;
    const [s, g] = await Promise.all([
      get<{ items: SeriesItem[] }>('measure', `/v1/indicators?${q}`),
      get<{ items: Gap[] }>('measure', `/v1/gaps?${q}&indicator=${encodeURIComponent(indicator)}`),
    ]);
    return { items: s.items, gaps: g.items };
  }, [scope, indicator]);
  const j = journey.data;
  const scopes = [
    'journey:*',
    ...(j?.stages.map((s) => `stage:${s.id}`) ?? []),
    ...(j?.touchpoints.map((x) => `touchpoint:${x.id}`) ?? []),
  ];
  const [kind, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  const target =
    j?.targets.find(
      (x) => x.scope.kind === kind && x.scope.id === id && sameIndicator(x.indicator, indicator),
    )?.value ?? null;
  return (
    <section>
      <div class="filters">
        <ScopeField
          testid="trend-scope"
          scope={scope}
          scopes={scopes}
          onChange={(s) => onChange(s, indicator)}
        />
        <SelectField
          label={t('indicator')}
          testid="trend-indicator"
          value={indicator}
          values={[...new Set([indicator, ...(series.data?.items.map((i) => i.indicator) ?? [])])].sort()}
          onChange={(i) => onChange(scope, i)}
        />
      </div>
      <Status state={series}>
        {({ items, gaps }) => {
          const mine = items.filter((i) => i.indicator === indicator && i.n > 0);
          return mine.length === 0 ? (
            <p class="muted">{t('noData')}</p>
          ) : (
            <>
              <h3>
                {t('trendOf')}: {indicator} · {scope}
              </h3>
              <TrendChart items={mine} gaps={gaps} target={target} />
              <table>
                <Head cols={[t('cycle'), t('value'), t('interval'), 'n']} />
                <tbody>
                  {mine.map((i) => (
                    <tr key={i.cycle.start}>
                      <td>
                        {day(i.cycle.start)}
                        {i.closed ? '' : ' *'}
                      </td>
                      <td>{i.value ?? '–'}</td>
                      <td>{i.ci ? `${i.ci[0]} … ${i.ci[1]}` : '–'}</td>
                      <td>{i.n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Status>
    </section>
  );
}
