// Continuum's local OpenID Provider for development and tests: panva's certified `oidc-provider`
// with our own login and consent pages (stable selectors for browser tests), users from a JSON
// file, signing keys generated at first start into a data directory outside the clone.
// Started by infra/oidc/oidc.sh; never used in production, where any compliant IdP takes its place.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider, { errors } from 'oidc-provider';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const PORT = Number(env.OIDC_PORT ?? 9400);
const HOST = env.OIDC_HOST ?? '127.0.0.1';
const ISSUER = env.OIDC_ISSUER ?? `http://127.0.0.1:${PORT}`;
const DATA_DIR = env.OIDC_DATA_DIR ?? path.join(HERE, '..', '..', '.continuum', `oidc-${PORT}`);
const USERS_FILE = path.resolve(env.OIDC_USERS_FILE ?? path.join(HERE, 'demo-users.json'));
const API = env.OIDC_API_RESOURCE ?? 'urn:continuum:api';
const API_TTL = Number(env.OIDC_ACCESS_TOKEN_TTL ?? 3600);
const list = (v, dflt) => (v ?? dflt).split(/[\s,]+/).filter(Boolean);
const CONSOLE_REDIRECTS = list(env.OIDC_CONSOLE_REDIRECT_URIS, 'http://127.0.0.1:3000/auth/callback');
const CONSOLE_LOGOUT_REDIRECTS = list(env.OIDC_CONSOLE_POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:3000/');
// Browsers apply form-action to the redirects that follow a form post too: the login and consent
// forms end in a redirect to a client's redirect URI, so those origins must be allowed.
const FORM_TARGETS = [
  ...new Set([...CONSOLE_REDIRECTS, 'http://127.0.0.1/callback'].map((u) => new URL(u).origin)),
].join(' ');
/** Test-only parts: a client whose API tokens expire in seconds, and a second API (another audience). */
const TEST_CLIENTS = env.OIDC_TEST_CLIENTS === '1';
const SHORT_TTL = Number(env.OIDC_SHORT_TTL_SECONDS ?? 2);
const OTHER_RESOURCE = 'urn:continuum:other-api';

mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });

/** A file of the data directory, created once by `make` (atomically, owner-only). */
function kept(name, make) {
  const file = path.join(DATA_DIR, name);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, make(), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return readFileSync(file, 'utf8');
}

const jwks = JSON.parse(
  kept('jwks.json', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    return JSON.stringify({ keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] });
  }),
);
const cookieKeys = JSON.parse(
  kept('cookie-keys.json', () => JSON.stringify([randomBytes(32).toString('base64url')])),
);
const consoleSecret =
  env.OIDC_CONSOLE_SECRET ?? kept('console-secret', () => randomBytes(32).toString('base64url')).trim();

// ------------------------------------------------------------------ users ---
let usersCache = { mtimeMs: -1, users: [] };
/** The users file, re-read when it changes (tests add users without restarting the provider). */
function users() {
  const { mtimeMs } = statSync(USERS_FILE);
  if (mtimeMs !== usersCache.mtimeMs) {
    const parsed = JSON.parse(readFileSync(USERS_FILE, 'utf8'));
    const all = Array.isArray(parsed) ? parsed : parsed.users;
    for (const u of all)
      if (!u.sub || !u.login || !u.password || !u.tenant)
        throw new Error(`${USERS_FILE}: every user needs sub, login, password and tenant`);
    usersCache = { mtimeMs, users: all };
  }
  return usersCache.users;
}
const bySub = (sub) => users().find((u) => u.sub === sub);
const digest = (s) => createHash('sha256').update(String(s)).digest();
function checkPassword(login, password) {
  const u = users().find((x) => x.login === login || x.email === login);
  // Compare digests in constant time; an unknown login costs the same as a wrong password.
  const ok = timingSafeEqual(digest(u?.password ?? randomUUID()), digest(password ?? ''));
  return ok && u ? u : null;
}

// ----------------------------------------------------------------- provider ---
const clients = [
  {
    client_id: 'continuum-console',
    client_secret: consoleSecret,
    redirect_uris: CONSOLE_REDIRECTS,
    post_logout_redirect_uris: CONSOLE_LOGOUT_REDIRECTS,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  },
  // A public client for scripts and tests (loopback redirect, PKCE): signs in without a browser.
  {
    client_id: 'continuum-cli',
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  ...(TEST_CLIENTS
    ? [
        {
          client_id: 'continuum-test-short-lived',
          application_type: 'native',
          redirect_uris: ['http://127.0.0.1/callback'],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        },
      ]
    : []),
];

const provider = new Provider(ISSUER, {
  clients,
  jwks,
  cookies: { keys: cookieKeys },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'api'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'tenant', 'groups'],
    email: ['email', 'email_verified'],
  },
  // The ID token carries name, tenant and groups, so a relying party needs no userinfo call.
  conformIdTokenClaims: false,
  async findAccount(_ctx, sub) {
    const u = bySub(sub);
    if (!u) return undefined;
    return {
      accountId: u.sub,
      async claims() {
        return {
          sub: u.sub,
          name: u.name ?? u.login,
          email: u.email,
          email_verified: Boolean(u.email),
          tenant: u.tenant,
          groups: u.groups ?? [],
        };
      },
    };
  },
  // What the services read from an access token: who, their name and e-mail (the user directory
  // matches people by either), tenant and groups.
  async extraTokenClaims(_ctx, token) {
    const u = token.accountId ? bySub(token.accountId) : undefined;
    if (!u) return undefined;
    return {
      name: u.name ?? u.login,
      ...(u.email ? { email: u.email } : {}),
      tenant: u.tenant,
      groups: u.groups ?? [],
    };
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    resourceIndicators: {
      enabled: true,
      // Relying parties that cannot send `resource` still get API tokens (JWTs the services verify).
      defaultResource: async (_ctx, _client, oneOf) => (oneOf ? (oneOf.includes(API) ? API : oneOf[0]) : API),
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator, client) => {
        const jwt = { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        if (indicator === API) {
          const ttl = client?.clientId === 'continuum-test-short-lived' ? SHORT_TTL : API_TTL;
          return { scope: 'api', audience: API, accessTokenTTL: ttl, ...jwt };
        }
        if (TEST_CLIENTS && indicator === OTHER_RESOURCE)
          return { scope: 'api', audience: OTHER_RESOURCE, accessTokenTTL: API_TTL, ...jwt };
        throw new errors.InvalidTarget();
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page(
      'Error',
      `<h1>Sign-in failed</h1><p class="error" role="alert">${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`,
    );
  },
});
// The provider runs behind nothing: the issuer's scheme is the request's.
provider.proxy = false;

// ------------------------------------------------------------------ pages ---
const esc = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Continuum sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem;color:#1d2433}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}.muted{color:#667}</style></head>
<body>${body}</body></html>`;
}
function loginPage(uid, clientId, error, login = '') {
  return page(
    'Sign in',
    `<h1>Sign in to Continuum</h1><p class="muted">for ${esc(clientId)}</p>
${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<label for="login">User name or e-mail</label><input id="login" name="login" value="${esc(login)}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p>`,
  );
}
function consentPage(uid, clientId, details) {
  const scopes = [
    ...(details.missingOIDCScope ?? []),
    ...Object.values(details.missingResourceScopes ?? {}).flat(),
  ];
  return page(
    'Allow access',
    `<h1>Allow ${esc(clientId)}?</h1><p>It asks for: ${scopes.map((s) => `<code>${esc(s)}</code>`).join(', ') || 'your sign-in'}.</p>
<form method="post" action="/interaction/${esc(uid)}/confirm"><button type="submit">Allow</button></form>
<p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p>`,
  );
}
async function logoutSource(ctx, form) {
  ctx.body = page(
    'Sign out',
    `<h1>Sign out of Continuum?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`,
  );
}
async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Signed out', '<h1>You are signed out</h1>');
}

// -------------------------------------------------------------- interactions ---
async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 16_384) throw Object.assign(new Error('form too large'), { status: 413 });
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${FORM_TARGETS}; frame-ancestors 'none'`,
  });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid)
    return send(res, 400, page('Error', '<p class="error">stale sign-in; start again</p>'));
  const { prompt, params, session } = details;
  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') return send(res, 200, loginPage(uid, params.client_id));
    return send(res, 200, consentPage(uid, params.client_id, prompt.details));
  }
  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
  }
  if (req.method !== 'POST') return send(res, 405, page('Error', '<p>method not allowed</p>'));
  const form = await readForm(req);
  if (action === 'login' && prompt.name === 'login') {
    const user = checkPassword(form.get('login'), form.get('password'));
    if (!user)
      return send(
        res,
        401,
        loginPage(uid, params.client_id, 'Wrong user name or password.', form.get('login') ?? ''),
      );
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  }
  if (action === 'confirm' && prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  return send(res, 400, page('Error', '<p class="error">unexpected step; start again</p>'));
}

const handle = provider.callback();
const server = createServer((req, res) => {
  const m = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?\/?$/.exec(req.url.split('?')[0]);
  if (!m) return handle(req, res);
  interaction(req, res, m[1], m[2]).catch((err) => {
    const status = err.status ?? err.statusCode ?? 400;
    const title = err.error ?? 'sign-in failed';
    if (!res.headersSent)
      send(
        res,
        status >= 400 && status < 600 ? status : 400,
        page(
          'Error',
          `<p class="error" role="alert">${esc(title)}: ${esc(err.error_description ?? err.message)}</p>`,
        ),
      );
    else res.end();
  });
});
server.listen(PORT, HOST, () => {
  process.stdout.write(
    `${JSON.stringify({ level: 'log', time: new Date().toISOString(), msg: 'oidc provider listening', issuer: ISSUER, users: USERS_FILE })}\n`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
