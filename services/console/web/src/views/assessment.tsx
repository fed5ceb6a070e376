/** 5. Assessment: per stage, its gaps and open actions grouped by process / organisation / technology. */
import { get } from '../api';
import { t, tx } from '../i18n';
import { fmt, isLive, isOverdue, type Journey } from '../types';
import { scopeLabel, Status, useLoad } from '../util';
import { loadActions } from './actions';
import { loadGaps } from './gaps';

const CATEGORIES = ['process', 'organisation', 'technology'] as const;

export function AssessmentView({ changes }: { changes: number }) {
  const state = useLoad(async () => {
    const [journey, gaps, actions] = await Promise.all([
      get<Journey>('listen', '/v1/journey'),
      loadGaps(),
      loadActions(),
    ]);
    return {
      journey,
      gaps: [...gaps.gaps, ...gaps.warnings],
      actions: actions.filter((a) => isLive(a.status)),
    };
  }, [changes]);
  return (
    <Status state={state}>
      {({ journey, gaps, actions }) => {
        const stageOf = (tp: string | null) => journey.touchpoints.find((x) => x.id === tp)?.stage ?? null;
        return (
          <section class="assessment" data-testid="assessment-view">
            {journey.stages.map((s) => {
              const sg = gaps.filter(
                (g) => g.stage === s.id || (g.scope.kind === 'stage' && g.scope.id === s.id),
              );
              const sa = actions.filter((a) => (a.stage ?? stageOf(a.touchpoint)) === s.id);
              const followUps = sa.filter((a) => a.category === 'customer-follow-up');
              return (
                <div class="stage-assessment" key={s.id} data-testid={`assess-${s.id}`}>
                  <h3>
                    {s.name}{' '}
                    <small class="muted">
                      ({t('owner')}: {s.owner ?? '–'})
                    </small>
                  </h3>
                  <div class="cols">
                    <div>
                      <h4>
                        {t('gaps')} <span class="count">{sg.length}</span>
                      </h4>
                      {sg.length === 0 && <p class="muted">{t('nothingHere')}</p>}
                      <ul>
                        {sg.map((g) => (
                          <li key={g.gapKey}>
                            {g.indicator} @ {scopeLabel(g.scope)}: {fmt(g.previous)} → {fmt(g.current)} (
                            {g.kind}) · {g.owner ?? '–'}
                          </li>
                        ))}
                      </ul>
                    </div>
                    {CATEGORIES.map((c) => {
                      const items = sa.filter((a) => a.category === c);
                      return (
                        <div key={c}>
                          <h4>
                            {tx(`cat.${c}`)} <span class="count">{items.length}</span>
                          </h4>
                          {items.length === 0 && <p class="muted">{t('nothingHere')}</p>}
                          <ul>
                            {items.map((a) => (
                              <li key={a.id} class={isOverdue(a) ? 'overdue' : ''}>
                                {a.title} — <b>{a.owner}</b> ({a.priority})
                              </li>
                            ))}
                          </ul>
                        </div>
                      );
                    })}
                  </div>
                  <p class="muted">
                    {followUps.length} {t('followUps')}
                    {followUps.length > 0 && `: ${[...new Set(followUps.map((a) => a.owner))].join(', ')}`}
                  </p>
                </div>
              );
            })}
          </section>
        );
      }}
    </Status>
  );
}
