/** The console's calls: everything goes through the console server (same origin) with the key. */

export type Service = 'listen' | 'measure' | 'act';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const KEY = 'continuum.key';

export const session = {
  get key(): string | null {
    return sessionStorage.getItem(KEY);
  },
  set(key: string): void {
    sessionStorage.setItem(KEY, key);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      authorization: `Bearer ${session.key ?? ''}`,
    },
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const p = (body ?? {}) as {
      detail?: string;
      title?: string;
      errors?: { field: string; reason: string }[];
    };
    const reasons = p.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
    throw new ApiError(res.status, reasons || p.detail || p.title || `HTTP ${res.status}`);
  }
  return body as T;
}

export function get<T>(service: Service, path: string): Promise<T> {
  return request<T>(`/api/${service}${path}`);
}

export function post<T>(service: Service, path: string, body: unknown): Promise<T> {
  return request<T>(`/api/${service}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface Principal {
  tenantId: string;
  keyPrefix: string;
  scopes: string[];
}

export function signIn(key: string): Promise<Principal> {
  return fetch('/api/session', { headers: { authorization: `Bearer ${key}` } }).then(async (r) => {
    if (!r.ok) throw new ApiError(r.status, r.status === 401 ? 'invalid key' : `HTTP ${r.status}`);
    return (await r.json()) as Principal;
  });
}

export type LiveHandler = (type: string, data: unknown) => void;

/**
 * The console server's Server-Sent Events, read with fetch (an EventSource cannot send the key
 * header). Reconnects after a pause; returns a function that closes the stream.
 */
export function openLive(onEvent: LiveHandler, onState: (connected: boolean) => void): () => void {
  let closed = false;
  let ctrl = new AbortController();
  const connect = async (): Promise<void> => {
    while (!closed) {
      ctrl = new AbortController();
      try {
        const res = await fetch('/api/events', {
          headers: { authorization: `Bearer ${session.key ?? ''}` },
          signal: ctrl.signal,
        });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let type = 'message';
            const data: string[] = [];
            for (const line of frame.split('\n')) {
              if (line.startsWith('event:')) type = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (data.length) onEvent(type, JSON.parse(data.join('\n')) as unknown);
          }
        }
      } catch {
        /* dropped or refused: retry below */
      }
      onState(false);
      if (!closed) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void connect();
  return () => {
    closed = true;
    ctrl.abort();
  };
}
