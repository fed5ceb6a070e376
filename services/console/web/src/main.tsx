/**
 * The console's shell: sign-in through the identity provider (the server's /auth/login), the
 * signed-in person and role in the header, navigation by permission, language switch, live stream.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { can, loadSession, logout, openLive, signInUrl, whenSignedOut, type Me } from './api';
import { getLang, setLang, t, tx, type Lang } from './i18n';
import './style.css';
import type { Feedback } from './types';
import { ActionsView } from './views/actions';
import { AssessmentView } from './views/assessment';
import { ChannelsView } from './views/channels';
import { DriversView } from './views/drivers';
import { EffectivenessView } from './views/effectiveness';
import { FeedView } from './views/feed';
import { GapsView } from './views/gaps';
import { JourneyView } from './views/journey';
import { PeopleView } from './views/people';
import { QueueView } from './views/queue';
import { TrendsView } from './views/trends';

const VIEWS = [
  'queue',
  'journey',
  'trends',
  'gaps',
  'drivers',
  'actions',
  'assessment',
  'effectiveness',
  'feed',
  'channels',
  'people',
] as const;
type View = (typeof VIEWS)[number];

interface Route {
  view: View;
  params: URLSearchParams;
}

/** The views a person may open: the queue for whoever has teams; channels, keys and users for admins. */
function viewsOf(me: Me): View[] {
  return VIEWS.filter((v) =>
    v === 'queue'
      ? (me.teams ?? []).length > 0
      : v === 'people' || v === 'channels'
        ? can(me, 'admin')
        : true,
  );
}

/** An agent lands on their queue; everyone else on the journey map. */
function landing(me: Me): View {
  return me.permissions.act === 'own-teams' && (me.teams ?? []).length > 0 ? 'queue' : 'journey';
}

function parseRoute(me: Me | null): Route {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const allowed = me ? viewsOf(me) : VIEWS;
  const view = (allowed as readonly string[]).includes(path) ? (path as View) : me ? landing(me) : 'journey';
  return { view, params: new URLSearchParams(query ?? '') };
}

const ROLE_ORDER = ['admin', 'manager', 'agent', 'viewer'];

function SignIn() {
  return (
    <div class="signin">
      <h2>{t('signInTitle')}</h2>
      <a class="button" href={signInUrl()} data-testid="sign-in">
        {t('signIn')}
      </a>
    </div>
  );
}

function App() {
  const [lang, setLangState] = useState<Lang>(getLang());
  const [principal, setPrincipal] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const [route, setRoute] = useState<Route>(parseRoute(null));
  const [connected, setConnected] = useState(false);
  const [actionChanges, setActionChanges] = useState(0);
  const [incoming, setIncoming] = useState<Feedback[]>([]);

  useEffect(() => {
    whenSignedOut(() => setPrincipal(null));
    loadSession()
      .then((me) => {
        setPrincipal(me);
        setRoute(parseRoute(me));
      })
      .catch(() => setPrincipal(null))
      .finally(() => setChecked(true));
  }, []);
  useEffect(() => {
    const on = () => setRoute(parseRoute(principal));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, [principal]);
  useEffect(() => {
    if (!principal) return;
    let timer: number | undefined;
    return openLive((type, data) => {
      if (type === 'action') {
        // Coalesce bursts: one reload of the board for a burst of changes.
        clearTimeout(timer);
        timer = window.setTimeout(() => setActionChanges((n) => n + 1), 300);
      } else if (type === 'feedback') {
        setIncoming((xs) => [data as Feedback, ...xs].slice(0, 200));
      }
    }, setConnected);
  }, [principal]);

  const go = (view: View, params: Record<string, string> = {}) => {
    const q = new URLSearchParams(params).toString();
    location.hash = `#/${view}${q ? `?${q}` : ''}`;
  };
  const switchLang = (l: Lang) => {
    setLang(l);
    setLangState(l);
  };

  const header = (
    <header class="top">
      <h1>{t('title')}</h1>
      <span class="spacer" />
      {principal && (
        <>
          <span class={`live ${connected ? 'on' : ''}`} data-testid="live-state">
            ● {connected ? t('live') : t('offline')}
          </span>
          <span>
            {t('tenant')}: <b data-testid="tenant">{principal.tenantId}</b>
          </span>
          <span class="who">
            <b data-testid="user-name">{principal.name}</b>{' '}
            <span class="badge" data-testid="user-role">
              {[...(principal.roles ?? [])]
                .sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))
                .map((r) => tx(`role.${r}`))
                .join(', ') || t('noRole')}
            </span>
          </span>
        </>
      )}
      <span class="lang">
        {(['en', 'it'] as const).map((l) => (
          <button
            key={l}
            class={l === lang ? 'active' : ''}
            data-testid={`lang-${l}`}
            onClick={() => switchLang(l)}
          >
            {l.toUpperCase()}
          </button>
        ))}
      </span>
      {principal && (
        <button class="link" data-testid="sign-out" onClick={() => void logout()}>
          {t('signOut')}
        </button>
      )}
    </header>
  );
  if (!checked) return header;
  if (!principal)
    return (
      <>
        {header}
        <SignIn />
      </>
    );
  const { view, params } = route;
  return (
    <>
      {header}
      <nav>
        {viewsOf(principal).map((v) => (
          <a key={v} href={`#/${v}`} class={v === view ? 'active' : ''} data-testid={`nav-${v}`}>
            {tx(`nav.${v}`)}
          </a>
        ))}
      </nav>
      <main data-view={view}>
        {view === 'queue' && <QueueView me={principal} changes={actionChanges} />}
        {view === 'people' && <PeopleView />}
        {view === 'journey' && (
          <JourneyView onTrend={(scope, indicator) => go('trends', { scope, indicator })} />
        )}
        {view === 'trends' && (
          <TrendsView
            scope={params.get('scope') ?? 'journey:*'}
            indicator={params.get('indicator') ?? 'nps/v1'}
            onChange={(scope, indicator) => go('trends', { scope, indicator })}
          />
        )}
        {view === 'gaps' && <GapsView />}
        {view === 'drivers' && (
          <DriversView
            scope={params.get('scope') ?? 'journey:*'}
            onChange={(scope) => go('drivers', { scope })}
          />
        )}
        {view === 'actions' && (
          <ActionsView
            key={`${params.get('id') ?? ''} ${params.get('owner') ?? ''}`}
            changes={actionChanges}
            me={principal}
            focus={params.get('id')}
            initialOwner={params.get('owner') ?? ''}
          />
        )}
        {view === 'channels' && (
          <ChannelsView
            team={params.get('team') ?? ''}
            onTeam={(team) => history.replaceState(null, '', `#/channels?team=${encodeURIComponent(team)}`)}
          />
        )}
        {view === 'assessment' && <AssessmentView changes={actionChanges} />}
        {view === 'effectiveness' && <EffectivenessView />}
        {view === 'feed' && <FeedView incoming={incoming} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
