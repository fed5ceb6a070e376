/** 6. Loop effectiveness: share of gap actions that closed their gap, time to verified closure. */
import { get } from '../api';
import { t } from '../i18n';
import { fmt, type Effectiveness, type EffectivenessReport } from '../types';
import { Head, Stat } from '../ui';
import { day, Status, useLoad } from '../util';

function Share({ e }: { e: Effectiveness }) {
  const pct = e.shareClosed === null ? null : Math.round(e.shareClosed * 100);
  return (
    <span class="share">
      <span class="bar">
        <span style={{ width: `${pct ?? 0}%` }} />
      </span>
      {pct === null ? '–' : `${pct} %`}
    </span>
  );
}

function Table({ title, rows }: { title: string; rows: { label: string; e: Effectiveness }[] }) {
  return (
    <div>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p class="muted">{t('nothingHere')}</p>
      ) : (
        <table>
          <Head cols={['', t('actions'), t('closed'), t('shareClosed'), t('medianHours')]} />
          <tbody>
            {rows.map(({ label, e }) => (
              <tr key={label}>
                <td>{label}</td>
                <td>{e.actions}</td>
                <td>{e.closed}</td>
                <td>
                  <Share e={e} />
                </td>
                <td>{fmt(e.medianHoursToVerified)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function EffectivenessView() {
  const state = useLoad(() => get<EffectivenessReport>('act', '/v1/actions/effectiveness'), []);
  return (
    <Status state={state}>
      {(r) => (
        <section data-testid="effectiveness-view">
          <p class="muted">
            {day(r.since)} … {day(r.until)}
          </p>
          <div class="cards">
            <Stat value={r.overall.actions}>{t('actionsFromGaps')}</Stat>
            <Stat value={<Share e={r.overall} />}>
              {r.overall.closed} {t('closedGap')}
            </Stat>
            <Stat value={fmt(r.overall.medianHoursToVerified)}>{t('medianHours')}</Stat>
            <Stat value={fmt(r.overall.pointsPerEffort, 2)}>{t('pointsPerEffort')}</Stat>
          </div>
          <Table title={t('byOwner')} rows={r.byOwner.map((e) => ({ label: e.owner, e }))} />
          <Table title={t('byCategory')} rows={r.byCategory.map((e) => ({ label: e.category, e }))} />
          <Table title={t('byIndicator')} rows={r.byIndicator.map((e) => ({ label: e.indicator, e }))} />
        </section>
      )}
    </Status>
  );
}
