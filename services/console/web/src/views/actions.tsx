/** 4. Actions board: columns by status, filters, overdue highlighted, transitions, live updates. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, can, get, post, type Me } from '../api';
import { useCustomerId } from '../customers';
import { t, tx } from '../i18n';
import { isOverdue, type Action, type ActionStatus } from '../types';
import { Form, SelectField } from '../ui';
import { time, useLoad } from '../util';

const COLUMNS: { key: string; statuses: ActionStatus[] }[] = [
  { key: 'open', statuses: ['open', 'reopened'] },
  { key: 'acknowledged', statuses: ['acknowledged'] },
  { key: 'resolved', statuses: ['resolved'] },
  { key: 'verified', statuses: ['verified'] },
];

export async function loadActions(filters: Record<string, string> = {}): Promise<Action[]> {
  const q = new URLSearchParams({ limit: '500', ...filters });
  return (await get<{ items: Action[] }>('act', `/v1/actions?${q.toString()}`)).items;
}

interface HistoryEntry {
  change: string;
  actor: string;
  actorName: string;
  comment: string | null;
  at: string;
}

/** An action's history, naming who made each change. */
function History({ id, changes }: { id: string; changes: number }) {
  const state = useLoad(() => get<{ history: HistoryEntry[] }>('act', `/v1/actions/${id}`), [id, changes]);
  if (!state.data)
    return state.error ? <p class="error">{state.error}</p> : <p class="muted">{t('loading')}</p>;
  return (
    <ol class="history" data-testid="history">
      {state.data.history.map((h, i) => (
        <li key={i} data-testid="history-entry">
          <b>{tx(`change.${h.change}`)}</b> · <span data-testid="history-actor">{h.actorName}</span> ·{' '}
          {time(h.at)}
          {h.comment ? <div class="muted">{h.comment}</div> : null}
        </li>
      ))}
    </ol>
  );
}

export function Card({ a, me, onChanged }: { a: Action; me: Me | null; onChanged: () => void }) {
  const [resolving, setResolving] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [done, setDone] = useState(0);
  const act = (command: string, body: Record<string, unknown> = {}) =>
    post<Action>('act', `/v1/actions/${a.id}/${command}`, body)
      .then(() => {
        setResolving(false);
        setError(null);
        setDone((n) => n + 1);
        onChanged();
      })
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 403
            ? `${t('refused')} (${e.message})`
            : String(e instanceof Error ? e.message : e),
        ),
      );
  const overdue = isOverdue(a);
  const customerId = useCustomerId(me, a.customerId);
  // Buttons for what the role allows; the service still decides per action (an agent's teams).
  const mayAct = can(me, 'act');
  return (
    <article
      class={`card ${overdue ? 'overdue' : ''} prio-${a.priority}`}
      data-testid="action-card"
      data-status={a.status}
    >
      <header>
        <span class={`badge prio-${a.priority}`}>{a.priority}</span>
        <span class="badge">
          {a.loop === 'outer' ? tx(`cat.${a.category}`) : tx('cat.customer-follow-up')}
        </span>
        {a.status === 'reopened' && <span class="badge warn">{a.status}</span>}
        {overdue && <span class="badge danger">{t('overdue')}</span>}
      </header>
      <h4>{a.title}</h4>
      <div class="meta">
        {t('owner')}: <b>{a.owner}</b> · {t('stage')}: {a.stage ?? '–'}
        {a.touchpoint ? ` · ${a.touchpoint}` : ''}
        <br />
        {t('due')}: {time(a.dueAt)}
        {customerId ? (
          <>
            <br />
            {t('customer')}:{' '}
            <span data-testid="customer-id" title={a.customerId ?? undefined}>
              {customerId}
            </span>
          </>
        ) : null}
      </div>
      <div class="buttons">
        {mayAct && (a.status === 'open' || a.status === 'reopened') && (
          <button data-testid="acknowledge" onClick={() => void act('acknowledge')}>
            {t('acknowledge')}
          </button>
        )}
        {mayAct &&
          (a.status === 'open' || a.status === 'acknowledged' || a.status === 'reopened') &&
          !resolving && (
            <button data-testid="resolve" onClick={() => setResolving(true)}>
              {t('resolve')}
            </button>
          )}
        {mayAct && (a.status === 'resolved' || a.status === 'verified') && (
          <button data-testid="reopen" onClick={() => void act('reopen')}>
            {t('reopen')}
          </button>
        )}
        <button class="link" data-testid="show-history" onClick={() => setShowHistory((x) => !x)}>
          {t('history')}
        </button>
      </div>
      {resolving && (
        <Form class="resolve" onSubmit={() => act('resolve', { comment })}>
          <textarea
            data-testid="resolve-comment"
            placeholder={t('comment')}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          />
          <button type="submit" data-testid="confirm-resolve">
            {t('confirmResolve')}
          </button>
          <button type="button" class="link" onClick={() => setResolving(false)}>
            {t('cancel')}
          </button>
        </Form>
      )}
      {error && (
        <p class="error" role="alert" data-testid="action-error">
          {error}
        </p>
      )}
      {showHistory && <History id={a.id} changes={done} />}
    </article>
  );
}

interface Notification {
  id: string;
  team: string;
  channel: { id: string; kind: string };
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/**
 * One action opened by its deep link (`#/actions?id=`, the link every notification carries): the
 * card, the key of the ticket a tool made for it, and the notifications sent about it.
 */
function ActionDetail({ id, me, changes }: { id: string; me: Me | null; changes: number }) {
  const [done, setDone] = useState(0);
  const action = useLoad(
    () => get<Action & { externalRef?: string | null }>('act', `/v1/actions/${encodeURIComponent(id)}`),
    [id, changes, done],
  );
  // The notification log needs read:webhooks (managers, admins): others see the action alone.
  const sent = useLoad(
    () =>
      can(me, 'read:webhooks')
        ? get<{ items: Notification[] }>('act', `/v1/notifications?actionId=${encodeURIComponent(id)}`)
        : Promise.resolve(null),
    [id, changes, done],
  );
  if (!action.data)
    return action.error ? (
      <p class="error" data-testid="action-detail-error">{`${t('error')}: ${action.error}`}</p>
    ) : (
      <p class="muted">{t('loading')}</p>
    );
  const ref = action.data.externalRef ?? null;
  return (
    <section class="detail" data-testid="action-detail" data-id={id}>
      <Card a={action.data} me={me} onChanged={() => setDone((n) => n + 1)} />
      <p>
        {t('externalTicket')}:{' '}
        <span data-testid="external-ref">
          {ref === null ? '–' : /^https?:\/\//.test(ref) ? <a href={ref}>{ref}</a> : <code>{ref}</code>}
        </span>
      </p>
      {sent.data && (
        <>
          <h4>{t('notificationsSent')}</h4>
          {sent.data.items.length === 0 && <p class="muted">{t('noNotifications')}</p>}
          <table data-testid="action-notifications">
            <tbody>
              {sent.data.items.map((n) => (
                <tr key={n.id} data-testid="notification-row" data-status={n.status}>
                  <td>{n.team}</td>
                  <td>{n.channel.kind}</td>
                  <td>{n.event}</td>
                  <td>{n.status}</td>
                  <td>{n.attempts}</td>
                  <td>{time(n.deliveredAt ?? n.createdAt)}</td>
                  <td class="muted">{n.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function ActionsView({
  changes,
  me,
  focus = null,
  initialOwner = '',
}: {
  changes: number;
  me: Me | null;
  /** An action to open (the deep link's `id`). */
  focus?: string | null;
  /** The owner filter to start with (a digest's link to its team's actions). */
  initialOwner?: string;
}) {
  const [owner, setOwner] = useState(initialOwner);
  const [stage, setStage] = useState('');
  const [priority, setPriority] = useState('');
  const filters: Record<string, string> = {};
  if (owner) filters.owner = owner;
  if (stage) filters.stage = stage;
  if (priority) filters.priority = priority;
  const state = useLoad(() => loadActions(filters), [owner, stage, priority]);
  // Every option from the unfiltered list, so a filter never hides its own alternatives.
  const all = useLoad(() => loadActions(), []);
  useEffect(() => {
    if (changes > 0) {
      state.reload();
      all.reload();
    }
  }, [changes]);
  const options = (k: 'owner' | 'stage') =>
    [...new Set((all.data ?? []).map((a) => a[k]).filter((x): x is string => !!x))].sort();
  const select = (
    label: string,
    value: string,
    set: (v: string) => void,
    values: string[],
    testid: string,
  ) => (
    <SelectField
      label={label}
      testid={testid}
      value={value}
      values={values}
      onChange={set}
      first={{ value: '', label: t('all') }}
    />
  );
  return (
    <section>
      {focus && <ActionDetail id={focus} me={me} changes={changes} />}
      <div class="filters">
        {select(t('owner'), owner, setOwner, options('owner'), 'filter-owner')}
        {select(t('stage'), stage, setStage, options('stage'), 'filter-stage')}
        {select(
          t('priority'),
          priority,
          setPriority,
          ['critical', 'high', 'medium', 'low'],
          'filter-priority',
        )}
      </div>
      {state.error && <p class="error">{`${t('error')}: ${state.error}`}</p>}
      <div class="board" data-testid="actions-board">
        {COLUMNS.map((c) => {
          const items = (state.data ?? []).filter((a) => c.statuses.includes(a.status));
          return (
            <div class="column" key={c.key} data-testid={`col-${c.key}`}>
              <h3>
                {tx(`col.${c.key}`)} <span class="count">{items.length}</span>
              </h3>
              {items.length === 0 && <p class="muted">{t('noActions')}</p>}
              {items.map((a) => (
                <Card key={a.id} a={a} me={me} onChanged={() => state.reload()} />
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}
