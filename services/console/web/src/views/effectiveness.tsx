/** 6. Loop effectiveness: share of gap actions that closed their gap, time to verified closure. */
import { get } from '../api';
import { t } from '../i18n';
import { fmt, type Effectiveness, type EffectivenessReport } from '../types';
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
          <thead>
            <tr>
              <th />
              <th>{t('actions')}</th>
              <th>{t('closed')}</th>
              <th>{t('shareClosed')}</th>
              <th>{t('medianHours')}</th>
            </tr>
          </thead>
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
            <div class="stat">
              <div class="big">{r.overall.actions}</div>
              {t('actionsFromGaps')}
            </div>
            <div class="stat">
              <div class="big">
                <Share e={r.overall} />
              </div>
              {r.overall.closed} {t('closedGap')}
            </div>
            <div class="stat">
              <div class="big">{fmt(r.overall.medianHoursToVerified)}</div>
              {t('medianHours')}
            </div>
            <div class="stat">
              <div class="big">{fmt(r.overall.pointsPerEffort, 2)}</div>
              {t('pointsPerEffort')}
            </div>
          </div>
          <Table title={t('byOwner')} rows={r.byOwner.map((e) => ({ label: e.owner, e }))} />
          <Table title={t('byCategory')} rows={r.byCategory.map((e) => ({ label: e.category, e }))} />
          <Table title={t('byIndicator')} rows={r.byIndicator.map((e) => ({ label: e.indicator, e }))} />
        </section>
      )}
    </Status>
  );
}
