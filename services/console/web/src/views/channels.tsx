/**
 * A team's notification channels (admins): e-mail, Slack, Teams; immediate or a daily/weekly
 * digest; quiet hours. Chat URLs are secrets act never reads back, so saving asks for them again.
 * "Send test message" goes through act's own delivery path and shows each channel's result.
 */
import { useState } from 'preact/hooks';
import { get, post, put } from '../api';
import { t } from '../i18n';
import { Form, Head, Select, TextField } from '../ui';
import { time } from '../util';

interface Channel {
  id: string;
  kind: 'email' | 'slack' | 'teams';
  to?: string[];
  url?: string;
  events: string[];
  mode: 'immediate' | 'digest';
  digest?: { every: 'day' | 'week'; at: string; weekday?: string };
  quietHours?: { from: string; to: string };
}
interface TeamChannels {
  team: string;
  timeZone: string;
  channels: Channel[];
}
interface Delivery {
  id: string;
  channel: { id: string; kind: string };
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}
interface DigestRun {
  kind: string;
  period: string;
  deliveryId: string;
  written: boolean;
}

/** One channel as the form edits it. */
interface Row {
  kind: Channel['kind'];
  target: string;
  mode: Channel['mode'];
  every: 'day' | 'week';
  at: string;
  weekday: string;
  quietFrom: string;
  quietTo: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const emptyRow = (): Row => ({
  kind: 'email',
  target: '',
  mode: 'immediate',
  every: 'day',
  at: '08:00',
  weekday: 'monday',
  quietFrom: '',
  quietTo: '',
});

const rowOf = (c: Channel): Row => ({
  ...emptyRow(),
  kind: c.kind,
  // A chat URL is never read back: it must be entered again to save.
  target: c.kind === 'email' ? (c.to ?? []).join(', ') : '',
  mode: c.mode,
  ...(c.digest ? { every: c.digest.every, at: c.digest.at, weekday: c.digest.weekday ?? 'monday' } : {}),
  ...(c.quietHours ? { quietFrom: c.quietHours.from, quietTo: c.quietHours.to } : {}),
});

const bodyOf = (r: Row) => ({
  kind: r.kind,
  ...(r.kind === 'email'
    ? {
        to: r.target
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      }
    : { url: r.target.trim() }),
  ...(r.mode === 'digest'
    ? {
        mode: 'digest',
        digest: { every: r.every, at: r.at, ...(r.every === 'week' ? { weekday: r.weekday } : {}) },
      }
    : {}),
  ...(r.quietFrom || r.quietTo ? { quietHours: { from: r.quietFrom, to: r.quietTo } } : {}),
});

export function ChannelsView({ team: initial, onTeam }: { team: string; onTeam: (team: string) => void }) {
  const [team, setTeam] = useState(initial);
  const [loaded, setLoaded] = useState<TeamChannels | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [tests, setTests] = useState<Delivery[] | null>(null);
  const [digests, setDigests] = useState<DigestRun[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (name = team) => {
    setError(null);
    setSaved(false);
    setTests(null);
    setDigests(null);
    try {
      const r = await get<TeamChannels>('act', `/v1/teams/${encodeURIComponent(name)}/channels`);
      setLoaded(r);
      setRows(r.channels.map(rowOf));
      onTeam(name);
    } catch (e) {
      setError(message(e));
    }
  };
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const r = await put<TeamChannels>('act', `/v1/teams/${encodeURIComponent(team)}/channels`, {
        channels: rows.map(bodyOf),
      });
      setLoaded(r);
      setRows(r.channels.map(rowOf));
      setSaved(true);
    });
  const teamAction = async <T,>(path: string) =>
    (await post<{ items: T[] }>('act', `/v1/teams/${encodeURIComponent(team)}/${path}`, {})).items;
  const sendTest = () => run(async () => setTests(await teamAction<Delivery>('channels/test')));
  const runDigest = () => run(async () => setDigests(await teamAction<DigestRun>('digest/run')));
  const edit = (i: number, patch: Partial<Row>) =>
    setRows((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const field = (i: number, k: keyof Row, props: Record<string, unknown> = {}) => (
    <input
      data-testid={`channel-${k}`}
      value={rows[i][k]}
      onInput={(e) => edit(i, { [k]: (e.target as HTMLInputElement).value })}
      {...props}
    />
  );
  const choose = (i: number, k: keyof Row, values: string[]) => (
    <Select
      testid={`channel-${k}`}
      value={rows[i][k]}
      values={values}
      onChange={(v) => edit(i, { [k]: v })}
    />
  );

  return (
    <section data-testid="channels">
      <Form onSubmit={load}>
        <TextField label={t('team')} testid="channels-team" value={team} onChange={setTeam} />
        <button type="submit" data-testid="channels-load">
          {t('load')}
        </button>
      </Form>
      {loaded && (
        <>
          <p class="muted" data-testid="channels-zone">
            {t('localTimesIn')} {loaded.timeZone}
          </p>
          <table>
            <Head
              cols={[
                t('channelKind'),
                t('channelTarget'),
                t('channelMode'),
                t('digestSchedule'),
                t('quietHours'),
                '',
              ]}
            />
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-testid="channel-row">
                  <td>{choose(i, 'kind', ['email', 'slack', 'teams'])}</td>
                  <td>
                    {field(i, 'target', {
                      placeholder: r.kind === 'email' ? 'ops@example.com, …' : t('webhookUrlAgain'),
                      size: 40,
                    })}
                    {r.kind !== 'email' && loaded.channels[i]?.url && (
                      <div class="muted">{loaded.channels[i].url}</div>
                    )}
                  </td>
                  <td>{choose(i, 'mode', ['immediate', 'digest'])}</td>
                  <td>
                    {r.mode === 'digest' ? (
                      <>
                        {choose(i, 'every', ['day', 'week'])} {field(i, 'at', { size: 5 })}{' '}
                        {r.every === 'week' && choose(i, 'weekday', WEEKDAYS)}
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    {field(i, 'quietFrom', { size: 5, placeholder: 'HH:MM' })}–
                    {field(i, 'quietTo', { size: 5, placeholder: 'HH:MM' })}
                  </td>
                  <td>
                    <button
                      class="link"
                      data-testid="channel-remove"
                      onClick={() => setRows((xs) => xs.filter((_, j) => j !== i))}
                    >
                      {t('remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="buttons">
            <button data-testid="channel-add" onClick={() => setRows((xs) => [...xs, emptyRow()])}>
              {t('addChannel')}
            </button>
            <button data-testid="channels-save" disabled={busy} onClick={() => void save()}>
              {t('save')}
            </button>
            <button data-testid="channels-test" disabled={busy} onClick={() => void sendTest()}>
              {t('sendTest')}
            </button>
            <button data-testid="digest-run" disabled={busy} onClick={() => void runDigest()}>
              {t('sendDigestNow')}
            </button>
          </div>
          {saved && <p data-testid="channels-saved">{t('saved')}</p>}
        </>
      )}
      {error && (
        <p class="error" role="alert" data-testid="channels-error">
          {error}
        </p>
      )}
      {tests && (
        <table data-testid="test-results">
          <tbody>
            {tests.map((d) => (
              <tr key={d.id} data-testid="test-result" data-status={d.status}>
                <td>{d.channel.kind}</td>
                <td>{d.status}</td>
                <td>
                  <code>{d.id}</code>
                </td>
                <td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '')}</td>
                <td>{time(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {digests && (
        <ul data-testid="digest-results">
          {digests.map((d) => (
            <li key={d.deliveryId}>
              {d.kind} · {d.period} · {d.written ? t('digestWritten') : t('digestAlreadySent')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
