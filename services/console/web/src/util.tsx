/** Small shared pieces: data loading with loading/error states, and a few formatters. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from './i18n';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again keeping the old data. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    load()
      .then((d) => {
        if (!alive) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload };
}

export function Status<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.error) return <p class="error">{`${t('error')}: ${state.error}`}</p>;
  if (state.data === null) return <p class="muted">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}

export const day = (iso: string): string => iso.slice(0, 10);
export const time = (iso: string): string => new Date(iso).toLocaleString();
export const scopeLabel = (s: { kind: string; id: string }): string =>
  s.kind === 'journey' ? 'journey' : `${s.kind}:${s.id}`;
export const shortIndicator = (id: string): string => id.split('/')[0];
