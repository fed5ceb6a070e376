/** The console's shell: sign-in with a tenant key, navigation, language switch, live stream. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { openLive, session, signIn, type Principal } from './api';
import { getLang, setLang, t, tx, type Lang } from './i18n';
import './style.css';
import type { Feedback } from './types';
import { ActionsView } from './views/actions';
import { AssessmentView } from './views/assessment';
import { DriversView } from './views/drivers';
import { EffectivenessView } from './views/effectiveness';
import { FeedView } from './views/feed';
import { GapsView } from './views/gaps';
import { JourneyView } from './views/journey';
import { TrendsView } from './views/trends';

const VIEWS = [
  'journey',
  'trends',
  'gaps',
  'drivers',
  'actions',
  'assessment',
  'effectiveness',
  'feed',
] as const;
type View = (typeof VIEWS)[number];

interface Route {
  view: View;
  params: URLSearchParams;
}

function parseRoute(): Route {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'journey';
  return { view, params: new URLSearchParams(query ?? '') };
}

function SignIn({ onSignedIn }: { onSignedIn: (p: Principal) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="signin"
      onSubmit={(e) => {
        e.preventDefault();
        signIn(key.trim())
          .then((p) => {
            session.set(key.trim());
            onSignedIn(p);
          })
          .catch(() => setError(t('invalidKey')));
      }}
    >
      <h2>{t('signInTitle')}</h2>
      <input
        name="key"
        data-testid="key"
        type="password"
        autocomplete="off"
        placeholder="ck_…"
        value={key}
        onInput={(e) => setKey((e.target as HTMLInputElement).value)}
      />
      <button type="submit" data-testid="sign-in">
        {t('signIn')}
      </button>
      {error && <p class="error">{error}</p>}
    </form>
  );
}

function App() {
  const [lang, setLangState] = useState<Lang>(getLang());
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [checked, setChecked] = useState(false);
  const [route, setRoute] = useState<Route>(parseRoute());
  const [connected, setConnected] = useState(false);
  const [actionChanges, setActionChanges] = useState(0);
  const [incoming, setIncoming] = useState<Feedback[]>([]);

  useEffect(() => {
    const key = session.key;
    if (!key) return setChecked(true);
    signIn(key)
      .then(setPrincipal)
      .catch(() => session.clear())
      .finally(() => setChecked(true));
  }, []);
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
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
        <button
          class="link"
          onClick={() => {
            session.clear();
            setPrincipal(null);
          }}
        >
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
        <SignIn onSignedIn={setPrincipal} />
      </>
    );
  const { view, params } = route;
  return (
    <>
      {header}
      <nav>
        {VIEWS.map((v) => (
          <a key={v} href={`#/${v}`} class={v === view ? 'active' : ''} data-testid={`nav-${v}`}>
            {tx(`nav.${v}`)}
          </a>
        ))}
      </nav>
      <main data-view={view}>
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
        {view === 'actions' && <ActionsView changes={actionChanges} />}
        {view === 'assessment' && <AssessmentView changes={actionChanges} />}
        {view === 'effectiveness' && <EffectivenessView />}
        {view === 'feed' && <FeedView incoming={incoming} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
