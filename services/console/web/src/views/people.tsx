/** Keys and users (admins): API keys with their last use, issue and revoke; people's roles and teams. */
import { useState } from 'preact/hooks';
import { del, get, post, put } from '../api';
import { t } from '../i18n';
import { Checkboxes, Form, Head, TextField } from '../ui';
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
        <Head cols={[t('keyPrefix'), t('name'), t('scopes'), t('created'), t('lastUsed'), '']} />
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
      <Form onSubmit={issue}>
        <TextField label={t('name')} testid="key-name" value={name} onChange={setName} />
        <Checkboxes options={SCOPES} chosen={scopes} onChange={setScopes} testid={(s) => `key-scope-${s}`} />
        <button type="submit" data-testid="issue-key">
          {t('issueKey')}
        </button>
      </Form>
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
        <Head cols={[t('name'), t('subjectOrEmail'), t('roles'), t('teams'), t('updated')]} />
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
      <Form onSubmit={save}>
        <TextField label={t('subjectOrEmail')} testid="user-who" value={who} onChange={setWho} />
        <Checkboxes options={ROLES} chosen={roles} onChange={setRoles} />
        <TextField label={t('teams')} testid="user-teams" value={teams} onChange={setTeams} />
        <button type="submit" data-testid="save-user">
          {t('save')}
        </button>
      </Form>
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
