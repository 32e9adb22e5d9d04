/**
 * Salesforce sign-in without a server (docs/crm.md §2.1): the OAuth 2.0 web-server flow with PKCE against the
 * consumer key of an External Client App the org's admin created (PKCE required, no secret). The extension passes
 * `identity.getRedirectURL()` as `redirectUri`, opens `authorizeUrl(…)` with `identity.launchWebAuthFlow`, hands the
 * URL it returns to `readAuthorizationRedirect`, then calls `exchangeCode`. Access tokens expire with the org's
 * session timeout and Salesforce sends no `expires_in`: on INVALID_SESSION_ID call `refreshSalesforceToken` once and
 * retry. Each call is one request through the shared loop; the code or refresh token is scrubbed from any error.
 */
import { z } from 'zod';
import { normalizeDomain } from '../../../domain/crm-match';
import { createHttpClient } from '../../request';
import { clean } from '../shared';
import { salesforceError, salesforceErrorFromResponse } from './errors';
import { salesforceTokenResponseSchema, type SalesforceTokenResponse } from './schemas';
import { SALESFORCE_LOGIN_URL, SALESFORCE_SANDBOX_LOGIN_URL, SALESFORCE_SCOPES, type SalesforceTokens } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;

export interface LoginUrlInput {
  /** The org's My Domain: `acme`, `acme.my.salesforce.com` or a URL of it. Wins over `sandbox`. */
  myDomain?: string;
  /** A sandbox org (`test.salesforce.com`). */
  sandbox?: boolean;
  /** A build-time override (`WXT_SALESFORCE_LOGIN_URL`, the stand-in); wins over everything. */
  override?: string;
}

/** Where to sign in: the override, the org's My Domain, the sandbox host, or `login.salesforce.com`. */
export function salesforceLoginUrl({ myDomain, sandbox, override }: LoginUrlInput = {}): string {
  const forced = clean(override);
  if (forced) return forced.replace(/\/+$/, '');
  const domain = clean(myDomain);
  if (domain) {
    const host = normalizeDomain(domain.includes('.') ? domain : `${domain}.my.salesforce.com`);
    if (!host || !/\.salesforce\.com$/.test(host)) throw salesforceError('validation', { detail: 'My Domain must be a *.salesforce.com host', field: 'myDomain' });
    return `https://${host}`;
  }
  return sandbox ? SALESFORCE_SANDBOX_LOGIN_URL : SALESFORCE_LOGIN_URL;
}

export interface AuthorizeUrlInput {
  loginUrl: string;
  /** The consumer key of the org's External Client App. */
  clientId: string;
  /** `identity.getRedirectURL('salesforce')`; registered as the app's callback. */
  redirectUri: string;
  /** From `codeChallenge(verifier)`. */
  codeChallenge: string;
  state: string;
  scopes?: readonly string[];
  /** Pre-fill the username. */
  loginHint?: string;
  /** e.g. `login` to force the login screen when switching users. */
  prompt?: string;
}

/** `…/services/oauth2/authorize?response_type=code&…&code_challenge_method=S256`. */
export function authorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(`${input.loginUrl.replace(/\/+$/, '')}/services/oauth2/authorize`);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: (input.scopes ?? SALESFORCE_SCOPES).join(' '),
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    state: input.state,
  };
  if (input.loginHint) params.login_hint = input.loginHint;
  if (input.prompt) params.prompt = input.prompt;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * The code from the URL `launchWebAuthFlow` resolved with. A `state` that is not ours, an `error` the org sent
 * (`access_denied`, `invalid_request`…), or no code at all fail with a SidecarError.
 */
export function readAuthorizationRedirect(redirectedTo: string, expectedState: string): { code: string } {
  let url: URL;
  try {
    url = new URL(redirectedTo);
  } catch {
    throw salesforceError('unexpected-response', { detail: 'the sign-in did not return a URL' });
  }
  const params = url.searchParams;
  if (params.get('state') !== expectedState) throw salesforceError('validation', { detail: 'the sign-in answered with another state', reason: 'state-mismatch' });
  const error = params.get('error');
  if (error) {
    const detail = [error, params.get('error_description')].filter(Boolean).join(': ');
    if (error === 'access_denied') throw salesforceError('forbidden', { detail, reason: 'access-denied' });
    throw salesforceError('validation', { detail, reason: error });
  }
  const code = params.get('code');
  if (!code) throw salesforceError('unexpected-response', { detail: 'the sign-in returned no code' });
  return { code };
}

export interface TokenCallOptions {
  loginUrl: string;
  clientId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  signal?: AbortSignal;
}

function tokenClient(options: TokenCallOptions, secret: string) {
  return createHttpClient({
    label: 'Salesforce',
    baseUrl: options.loginUrl,
    secret,
    authHeaders: {},
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now: options.now,
    providerError: salesforceError,
    errorFromResponse: salesforceErrorFromResponse,
  });
}

/** `https://login.salesforce.com/id/<orgId>/<userId>` → the two ids. */
export function identityIds(identityUrl: string): { orgId?: string; userId?: string } {
  const match = /\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(identityUrl);
  return match ? { orgId: match[1], userId: match[2] } : {};
}

function toTokens(data: SalesforceTokenResponse, now: number): SalesforceTokens {
  const issued = Number(data.issued_at);
  return {
    accessToken: data.access_token,
    ...(data.refresh_token ? { refreshToken: data.refresh_token } : {}),
    instanceUrl: data.instance_url.replace(/\/+$/, ''),
    identityUrl: data.id,
    ...identityIds(data.id),
    scope: (data.scope ?? '').split(/\s+/).filter(Boolean),
    issuedAt: Number.isFinite(issued) && issued > 0 ? issued : now,
  };
}

/** `POST /services/oauth2/token` with `grant_type=authorization_code` and the PKCE verifier (no client secret). */
export async function exchangeCode(options: TokenCallOptions & { code: string; redirectUri: string; codeVerifier: string }): Promise<SalesforceTokens> {
  const { data } = await tokenClient(options, options.code.trim()).request({
    method: 'POST',
    path: '/services/oauth2/token',
    form: { grant_type: 'authorization_code', code: options.code.trim(), client_id: options.clientId, redirect_uri: options.redirectUri, code_verifier: options.codeVerifier, format: 'json' },
    schema: salesforceTokenResponseSchema,
    signal: options.signal,
  });
  return toTokens(data, (options.now ?? Date.now)());
}

/**
 * `POST /services/oauth2/token` with `grant_type=refresh_token`. The answer carries a new refresh token only when
 * the org rotates them: keep the old one otherwise. A revoked or expired refresh token fails as bad-key `revoked`.
 */
export async function refreshSalesforceToken(options: TokenCallOptions & { refreshToken: string }): Promise<SalesforceTokens> {
  const { data } = await tokenClient(options, options.refreshToken.trim()).request({
    method: 'POST',
    path: '/services/oauth2/token',
    form: { grant_type: 'refresh_token', refresh_token: options.refreshToken.trim(), client_id: options.clientId, format: 'json' },
    schema: salesforceTokenResponseSchema,
    signal: options.signal,
  });
  return toTokens(data, (options.now ?? Date.now)());
}

/** `POST /services/oauth2/revoke`: a refresh token revokes its access tokens too. */
export async function revokeSalesforceToken(options: TokenCallOptions & { token: string }): Promise<void> {
  await tokenClient(options, options.token.trim()).request({
    method: 'POST',
    path: '/services/oauth2/revoke',
    form: { token: options.token.trim() },
    schema: z.null(),
    signal: options.signal,
  });
}

