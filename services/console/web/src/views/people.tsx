/** Keys and users (admins): API keys with their last use, issue and revoke; people's roles and teams. */
import { useState } from 'preact/hooks';
import { del, get, post, put } from '../api';
import { t } from '../i18n';
import { time, useLoad } from '../util';

interface KeyInfo {
  prefix: string;
  name: string | null;
  scopes: string[];
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface DirectoryUser {
  subject: string | null;
  email: string | null;
  name: string | null;
  roles: string[];
  teams: string[];
  updatedAt: string;
}

const SCOPES = ['ingest', 'read', 'act', 'admin'];
const ROLES = ['viewer', 'agent', 'manager', 'admin'];
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function Keys() {
  const keys = useLoad(() => get<{ items: KeyInfo[] }>('listen', '/v1/keys'), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['ingest']);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const issue = () =>
    post<{ key: string }>('listen', '/v1/keys', { scopes, ...(name ? { name } : {}) })
      .then((r) => {
        setIssued(r.key);
        setError(null);
        keys.reload();
      })
      .catch((e: unknown) => setError(message(e)));
  const revoke = (prefix: string) =>
    del('listen', `/v1/keys/${encodeURIComponent(prefix)}`)
      .then(() => keys.reload())
      .catch((e: unknown) => setError(message(e)));
  return (
    <section data-testid="keys">
      <h2>{t('keys')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('keyPrefix')}</th>
            <th>{t('name')}</th>
            <th>{t('scopes')}</th>
            <th>{t('created')}</th>
            <th>{t('lastUsed')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(keys.data?.items ?? []).map((k) => (
            <tr key={k.prefix} data-testid="key-row" class={k.revokedAt ? 'muted' : ''}>
              <td>
                <code>{k.prefix}</code>
              </td>
              <td>{k.name ?? '–'}</td>
              <td>{k.scopes.join(', ')}</td>
              <td>
                {time(k.createdAt)} {k.createdBy ? `(${k.createdBy})` : ''}
              </td>
              <td>{k.lastUsedAt ? time(k.lastUsedAt) : t('never')}</td>
              <td>
                {k.revokedAt ? (
                  `${t('revoked')} ${time(k.revokedAt)}`
                ) : (
                  <button data-testid="revoke-key" onClick={() => void revoke(k.prefix)}>
                    {t('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void issue();
        }}
      >
        <label>
          {t('name')}{' '}
          <input
            data-testid="key-name"
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        {SCOPES.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              data-testid={`key-scope-${s}`}
              checked={scopes.includes(s)}
              onChange={(e) =>
                setScopes((xs) =>
                  (e.target as HTMLInputElement).checked ? [...xs, s] : xs.filter((x) => x !== s),
                )
              }
            />{' '}
            {s}
          </label>
        ))}
        <button type="submit" data-testid="issue-key">
          {t('issueKey')}
        </button>
      </form>
      {issued && (
        <p data-testid="issued-key">
          {t('keyShownOnce')} <code>{issued}</code>
        </p>
      )}
      {error && <p class="error">{error}</p>}
    </section>
  );
}

function Users() {
  const users = useLoad(() => get<{ items: DirectoryUser[] }>('listen', '/v1/users'), []);
  const [who, setWho] = useState('');
  const [roles, setRoles] = useState<string[]>(['agent']);
  const [teams, setTeams] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = () =>
    put('listen', '/v1/users', {
      ...(who.includes('@') ? { email: who } : { subject: who }),
      roles,
      teams: list(teams),
    })
      .then(() => {
        setError(null);
        users.reload();
      })
      .catch((e: unknown) => setError(message(e)));
  return (
    <section data-testid="users">
      <h2>{t('users')}</h2>
      <p class="muted">{t('usersNote')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('subjectOrEmail')}</th>
            <th>{t('roles')}</th>
            <th>{t('teams')}</th>
            <th>{t('updated')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.items ?? []).map((u, i) => (
            <tr key={i} data-testid="user-row">
              <td>{u.name ?? '–'}</td>
              <td>{u.subject ?? u.email}</td>
              <td>{u.roles.join(', ')}</td>
              <td>{u.teams.join(', ')}</td>
              <td>{time(u.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('subjectOrEmail')}{' '}
          <input
            data-testid="user-who"
            value={who}
            onInput={(e) => setWho((e.target as HTMLInputElement).value)}
          />
        </label>
        {ROLES.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) =>
                setRoles((xs) =>
                  (e.target as HTMLInputElement).checked ? [...xs, r] : xs.filter((x) => x !== r),
                )
              }
            />{' '}
            {r}
          </label>
        ))}
        <label>
          {t('teams')}{' '}
          <input
            data-testid="user-teams"
            value={teams}
            onInput={(e) => setTeams((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-testid="save-user">
          {t('save')}
        </button>
      </form>
      {error && <p class="error">{error}</p>}
    </section>
  );
}

export function PeopleView() {
  return (
    <div data-testid="people-view">
      <Keys />
      <Users />
    </div>
  );
}
