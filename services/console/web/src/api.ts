/**
 * The console's calls: everything goes through the console server (same origin). The browser
 * holds no credential of its own: the session cookie (HttpOnly) goes with each request, and
 * every change carries the session's CSRF token in X-CSRF-Token.
 */

export type Service = 'listen' | 'measure' | 'act';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly correlationId: string | null = null,
  ) {
    super(message);
  }
}

export type Reach = 'all' | 'own-teams';

/** Who is signed in, as GET /api/session tells. */
export interface Me {
  kind: 'user' | 'key';
  tenantId: string;
  subject?: string;
  name?: string;
  email?: string | null;
  roles?: string[];
  teams?: string[];
  permissions: Record<string, Reach>;
  csrfToken?: string;
}

let csrfToken = '';
/** Called when an answer says the session is gone (401): the shell shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export function can(me: Me | null, permission: string): boolean {
  return !!me && me.permissions[permission] !== undefined;
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const res = await fetch(url, {
    ...init,
    credentials: 'same-origin',
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
    },
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const p = (body ?? {}) as {
      detail?: string;
      title?: string;
      correlationId?: string;
      errors?: { field: string; reason: string }[];
    };
    if (res.status === 401) onSignedOut();
    const reasons = p.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
    const message = `${res.status} ${p.title ?? ''}: ${reasons || p.detail || `HTTP ${res.status}`}`;
    throw new ApiError(res.status, message, p.correlationId ?? null);
  }
  return body as T;
}

export function get<T>(service: Service, path: string): Promise<T> {
  return request<T>(`/api/${service}${path}`);
}

function send<T>(method: string, service: Service, path: string, body?: unknown): Promise<T> {
  return request<T>(`/api/${service}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export const post = <T>(service: Service, path: string, body: unknown) =>
  send<T>('POST', service, path, body);
export const put = <T>(service: Service, path: string, body: unknown) => send<T>('PUT', service, path, body);
export const del = <T>(service: Service, path: string) => send<T>('DELETE', service, path);

/** The signed-in person, or null when there is no session. */
export async function loadSession(): Promise<Me | null> {
  const r = await fetch('/api/session', { credentials: 'same-origin' });
  if (r.status === 401) return null;
  if (!r.ok) throw new ApiError(r.status, `HTTP ${r.status}`);
  const me = (await r.json()) as Me;
  csrfToken = me.csrfToken ?? '';
  return me;
}

/** Ends the session here, then at the identity provider (RP-initiated logout). */
export async function logout(): Promise<void> {
  const r = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  });
  const body = r.ok ? ((await r.json()) as { logoutUrl: string }) : { logoutUrl: '/' };
  csrfToken = '';
  location.assign(body.logoutUrl);
}

export function signInUrl(): string {
  return `/auth/login?returnTo=${encodeURIComponent(location.pathname + location.hash)}`;
}

export type LiveHandler = (type: string, data: unknown) => void;

/**
 * The console server's Server-Sent Events, read with fetch (one reader for both the stream and
 * its refusals). Reconnects after a pause; stops for good on 401/403. Returns a closer.
 */
export function openLive(onEvent: LiveHandler, onState: (connected: boolean) => void): () => void {
  let closed = false;
  let ctrl = new AbortController();
  const connect = async (): Promise<void> => {
    while (!closed) {
      ctrl = new AbortController();
      try {
        const res = await fetch('/api/events', { credentials: 'same-origin', signal: ctrl.signal });
        if (res.status === 401 || res.status === 403) {
          if (res.status === 401) onSignedOut();
          closed = true;
          break;
        }
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
        /* dropped: retry below */
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
