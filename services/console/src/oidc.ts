/**
 * The console as an OpenID Connect relying party (openid-client): authorization code with PKCE
 * (S256), state and nonce checked at the callback, client authentication with the console's
 * secret, RP-initiated logout through the provider's end_session_endpoint. The provider's
 * metadata is discovered at the first sign-in (and again after a failure), so the console starts
 * even while the provider is away.
 */
import * as oidc from 'openid-client';
import type { OidcSettings } from './console.config';

export interface SignInStart {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly accessExpiresAt: Date;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  /** The ID token's claims (verified by openid-client: issuer, audience, expiry, nonce, signature). */
  readonly claims: Readonly<Record<string, unknown>>;
}

export class RelyingParty {
  private config: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly settings: OidcSettings,
    /** The callback URL registered at the provider. */
    readonly redirectUri: string,
    /** Where the provider sends the browser after logout. */
    readonly postLogoutUri: string,
  ) {}

  private configuration(): Promise<oidc.Configuration> {
    const s = this.settings;
    this.config ??= oidc
      .discovery(
        new URL(s.issuer),
        s.clientId,
        undefined,
        s.tokenAuth === 'client_secret_post'
          ? oidc.ClientSecretPost(s.clientSecret)
          : oidc.ClientSecretBasic(s.clientSecret),
        // The configuration refuses http except on loopback (the local development provider).
        s.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests], timeout: 5 } : { timeout: 5 },
      )
      .catch((err: unknown) => {
        this.config = null;
        throw err;
      });
    return this.config;
  }

  async start(): Promise<SignInStart> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (this.settings.resource) params.resource = this.settings.resource;
    return { url: oidc.buildAuthorizationUrl(config, params).href, state, nonce, codeVerifier };
  }

  /** Redeems the code the provider sent to the callback URL; throws on any mismatch. */
  async finish(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignedIn> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(
      config,
      callbackUrl,
      {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      },
      this.settings.resource ? { resource: this.settings.resource } : undefined,
    );
    return this.signedIn(tokens, null);
  }

  async refresh(refreshToken: string): Promise<SignedIn> {
    const config = await this.configuration();
    const tokens = await oidc.refreshTokenGrant(
      config,
      refreshToken,
      this.settings.resource ? { resource: this.settings.resource } : undefined,
    );
    return this.signedIn(tokens, refreshToken);
  }

  private signedIn(
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
    previousRefresh: string | null,
  ): SignedIn {
    const expiresIn = tokens.expiresIn() ?? 300;
    return {
      accessToken: tokens.access_token,
      accessExpiresAt: new Date(Date.now() + expiresIn * 1000),
      refreshToken: tokens.refresh_token ?? previousRefresh,
      idToken: tokens.id_token ?? null,
      claims: tokens.claims() ?? {},
    };
  }

  /** The provider's logout URL for this session, or null when the provider has no end_session_endpoint. */
  async logoutUrl(idToken: string | null): Promise<string | null> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return null;
    const params: Record<string, string> = {
      post_logout_redirect_uri: this.postLogoutUri,
      client_id: this.settings.clientId,
    };
    if (idToken) params.id_token_hint = idToken;
    return oidc.buildEndSessionUrl(config, params).href;
  }
}
