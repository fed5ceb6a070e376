/** 3. Gaps: the latest evaluated cycle's gaps with their evidence, and the open cycle's early warnings. */
import { get } from '../api';
import { t } from '../i18n';
import { fmt, type Gap } from '../types';
import { day, scopeLabel, Status, useLoad } from '../util';

export async function loadGaps(): Promise<{ cycleStart: string | null; gaps: Gap[]; warnings: Gap[] }> {
  const { items } = await get<{ items: Gap[] }>('measure', '/v1/gaps?limit=500');
  const real = items.filter((g) => g.kind !== 'early-warning');
  const cycleStart = real.reduce<string | null>(
    (m, g) => (!m || g.cycle.start > m ? g.cycle.start : m),
    null,
  );
  const latestWarning = items
    .filter((g) => g.kind === 'early-warning')
    .reduce<string | null>((m, g) => (!m || g.cycle.start > m ? g.cycle.start : m), null);
  return {
    cycleStart,
    gaps: real.filter((g) => g.cycle.start === cycleStart),
    warnings: items.filter((g) => g.kind === 'early-warning' && g.cycle.start === latestWarning),
  };
}

export function GapCard({ g }: { g: Gap }) {
  return (
    <article class="gap" data-testid="gap-card">
      <h4>
        {g.indicator} · {scopeLabel(g.scope)} <span class="badge">{g.kind}</span>
      </h4>
      <div class="evidence">
        <span>
          {t('previous')}: <b>{fmt(g.previous)}</b> (n={g.nPrevious ?? '–'})
        </span>
        <span>
          {t('current')}: <b>{fmt(g.current)}</b> (n={g.nCurrent})
        </span>
        <span class="delta">
          {t('delta')}: <b>{fmt(g.delta)}</b>
        </span>
        <span>
          {t('interval')}: [{fmt(g.ci[0])}, {fmt(g.ci[1])}]
        </span>
        <span>p = {g.p.toExponential(2)}</span>
        {g.q !== null && <span>q = {g.q.toExponential(2)}</span>}
        {g.target !== null && (
          <span>
            {t('target')}: {g.target}
          </span>
        )}
        <span>
          {t('owner')}: {g.owner ?? '–'} · {t('stage')}: {g.stage ?? '–'}
        </span>
      </div>
      {g.themes.length > 0 && (
        <div>
          {t('themes')}:{' '}
          {g.themes.map((x) => (
            <span class="chip" key={x.theme}>
              {x.theme} {Math.round(x.share * 100)} % ({x.change >= 0 ? '+' : ''}
              {Math.round(x.change * 100)})
            </span>
          ))}
        </div>
      )}
      {g.sampleComments.length > 0 && (
        <div>
          {t('comments')}:
          <ul>
            {g.sampleComments.map((c, i) => (
              <li key={i}>“{c}”</li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

export function GapsView() {
  const state = useLoad(loadGaps, []);
  return (
    <Status state={state}>
      {({ cycleStart, gaps, warnings }) => (
        <section data-testid="gaps-view">
          <h3>
            {t('gapsOfCycle')} {cycleStart ? day(cycleStart) : '–'}
          </h3>
          {gaps.length === 0 && <p class="muted">{t('noGaps')}</p>}
          {gaps.map((g) => (
            <GapCard key={g.gapKey} g={g} />
          ))}
          {warnings.length > 0 && (
            <>
              <h3>{t('earlyWarnings')}</h3>
              {warnings.map((g) => (
                <GapCard key={g.gapKey} g={g} />
              ))}
            </>
          )}
        </section>
      )}
    </Status>
  );
}
