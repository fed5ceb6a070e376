/** Drivers: what moved the NPS of the journey or a stage — shift-share by touchpoint, and key drivers. */
import { get } from '../api';
import { t, tx } from '../i18n';
import { fmt, type DriversReport, type Journey } from '../types';
import { Head, ScopeField, Stat } from '../ui';
import { day, Status, useLoad } from '../util';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
const signed = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${fmt(x)}`);

function KeyDrivers({ k }: { k: DriversReport['keyDrivers'] }) {
  if (k.status !== 'analysed')
    return (
      <p class="muted" data-testid="key-drivers-none">
        {tx(`kda.${k.status}`)} (n = {k.n})
      </p>
    );
  return (
    <>
      <p class="muted">
        {t('kdaNote')} · n = {k.n} · R² = {fmt(k.r2, 2)} [{fmt(k.r2Ci?.[0] ?? null, 2)},{' '}
        {fmt(k.r2Ci?.[1] ?? null, 2)}]
      </p>
      <table data-testid="key-drivers">
        <Head cols={[t('driver'), t('weight'), t('interval'), t('shareOfR2'), t('direction')]} />
        <tbody>
          {k.drivers.map((d) => (
            <tr key={`${d.kind}:${d.driver}`}>
              <td>
                {d.driver} <span class="badge">{tx(`kind.${d.kind}`)}</span>
              </td>
              <td>{fmt(d.weight, 3)}</td>
              <td>
                [{fmt(d.ci[0], 3)}, {fmt(d.ci[1], 3)}]
              </td>
              <td>{pct(d.share)}</td>
              <td>{d.correlation >= 0 ? '↑' : '↓'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function DriversView({ scope, onChange }: { scope: string; onChange: (scope: string) => void }) {
  const journey = useLoad(() => get<Journey>('listen', '/v1/journey').catch(() => null), []);
  const report = useLoad(
    () => get<DriversReport>('measure', `/v1/drivers?scope=${encodeURIComponent(scope)}`),
    [scope],
  );
  const scopes = ['journey:*', ...(journey.data?.stages.map((s) => `stage:${s.id}`) ?? [])];
  return (
    <section data-testid="drivers-view">
      <div class="filters">
        <ScopeField testid="drivers-scope" scope={scope} scopes={scopes} onChange={onChange} />
      </div>
      <Status state={report}>
        {(r) => (
          <>
            <p class="muted">
              {t('cycle')} {day(r.cycle.start)} · {t('previous')} {day(r.previousCycle.start)}
            </p>
            <div class="cards">
              <Stat value={fmt(r.nps.nps)}>NPS (n = {r.nps.n})</Stat>
              <Stat value={signed(r.nps.change)}>{t('npsChange')}</Stat>
              <Stat
                testid="shift-share"
                value={
                  <>
                    {signed(r.shiftShare?.mix ?? null)} / {signed(r.shiftShare?.rate ?? null)} /{' '}
                    {signed(r.shiftShare?.interaction ?? null)}
                  </>
                }
              >
                {t('mix')} / {t('rate')} / {t('interaction')}
              </Stat>
            </div>
            <h3>{t('byTouchpoint')}</h3>
            <table data-testid="drivers-touchpoints">
              <Head
                cols={[
                  t('touchpoint'),
                  t('shareOfAnswers'),
                  'NPS',
                  t('change'),
                  t('mix'),
                  t('rate'),
                  t('interaction'),
                ]}
              />
              <tbody>
                {r.touchpoints.map((x) => (
                  <tr key={x.touchpoint}>
                    <td>{x.touchpoint}</td>
                    <td>
                      {pct(x.previous?.weight ?? null)} → {pct(x.weight)}
                    </td>
                    <td>
                      {fmt(x.previous?.nps ?? null)} → {fmt(x.nps)}
                    </td>
                    <td>{signed(x.change)}</td>
                    <td>{signed(x.mix)}</td>
                    <td>{signed(x.rate)}</td>
                    <td>{signed(x.interaction)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('keyDrivers')}</h3>
            <KeyDrivers k={r.keyDrivers} />
          </>
        )}
      </Status>
    </section>
  );
}
