/**
 * The fake Lusha V3 API: routing, `api_key` auth, rate limits with Lusha's headers, request logging and state.
 * Implements POST /v3/contacts/search, POST /v3/contacts/enrich and GET /v3/account/usage.
 */
import { createAccountConfigs, keyNameOf, type AccountOverrides, type SandboxKeyName } from './accounts';
import type { SandboxDataset } from './dataset-types';
import { json, loggableBody, parseJson, RequestLog, type ApiRequest, type ApiResponse, type RequestLogEntry } from './http';
import { accountSummary, createAccountState, type AccountState } from './lusha-state';
import { accountUsage, enrichContacts, searchContacts, type HandlerContext } from './lusha-contacts';
import { indexDataset } from './lusha-matching';

/** Auth and rate-limit error bodies, as Lusha sends them. */
export const LUSHA_AUTH_ERRORS = {
  missingKey: { statusCode: 401, error: 'invalid_request', error_description: 'missing Authorization header' },
  badKeyFormat: { statusCode: 400, message: 'Invalid API key format' },
  unknownKey: { statusCode: 401, message: 'Invalid API key' },
  v3Disabled: { statusCode: 403, message: 'V3 API access is not enabled for your account' },
  inactive: { statusCode: 403, message: 'Your account is not active. Please contact support.' },
  tooManyRequests: { statusCode: 429, message: 'Too many requests. Please wait before making another request.' },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type DataHandler = (ctx: HandlerContext, body: unknown) => ApiResponse;

/** Data endpoints: rate-limited, JSON body. */
const DATA_ROUTES: Record<string, DataHandler> = {
  'POST /v3/contacts/search': searchContacts,
  'POST /v3/contacts/enrich': enrichContacts,
};
const USAGE_ROUTE = 'GET /v3/account/usage';

/** A snapshot of the fake Lusha for `GET /__sandbox/state`. Top-level credit fields describe the `valid` key. */
export interface LushaStateSnapshot extends ReturnType<typeof accountSummary> {
  requests: RequestLogEntry[];
  accounts: Record<SandboxKeyName, ReturnType<typeof accountSummary>>;
}

/** The fake Lusha, independent of any socket. */
export interface LushaApi {
  /** Answers one request under /v3 and logs it. */
  handle(request: ApiRequest): ApiResponse;
  /** Fresh credits, reveals, windows and log; `overrides` configure the `valid` account. */
  reset(overrides?: AccountOverrides): void;
  /** Current state. */
  snapshot(): LushaStateSnapshot;
}

type Auth = { ok: true; keyName: SandboxKeyName } | { ok: false; response: ApiResponse };

function authenticate(request: ApiRequest, accounts: Record<SandboxKeyName, AccountState>): Auth {
  const header = request.headers['api_key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  if (key === '') return { ok: false, response: json(401, LUSHA_AUTH_ERRORS.missingKey) };
  if (!UUID.test(key)) return { ok: false, response: json(400, LUSHA_AUTH_ERRORS.badKeyFormat) };
  const keyName = keyNameOf(key);
  if (keyName === undefined) return { ok: false, response: json(401, LUSHA_AUTH_ERRORS.unknownKey) };
  const { config } = accounts[keyName];
  if (!config.active) return { ok: false, response: json(403, LUSHA_AUTH_ERRORS.inactive) };
  if (!config.v3Enabled) return { ok: false, response: json(403, LUSHA_AUTH_ERRORS.v3Disabled) };
  return { ok: true, keyName };
}

type QuotaName = 'minute' | 'hourly' | 'daily';

/** Lusha's `x-rate-limit-*`, `x-*-requests-left` and `x-*-usage` headers; `exhausted` reports 0 left. */
function rateHeaders(account: AccountState, now: number, exhausted?: QuotaName): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['minute', 'hourly', 'daily'] as const) {
    const snap = account.windows[name].snapshot(now);
    headers[`x-rate-limit-${name}`] = String(snap.limit);
    headers[`x-${name}-requests-left`] = String(name === exhausted ? 0 : snap.remaining);
    headers[`x-${name}-usage`] = String(snap.used);
  }
  return headers;
}

/** The window a new request would overflow (the per-second limit reports as "minute"), if any. */
function exhaustedWindow(account: AccountState, now: number): QuotaName | undefined {
  const { perSecond, minute, hourly, daily } = account.windows;
  if (perSecond.isFull(now) || minute.isFull(now)) return 'minute';
  if (hourly.isFull(now)) return 'hourly';
  if (daily.isFull(now)) return 'daily';
  return undefined;
}

function recordRequest(account: AccountState, now: number): void {
  const { perSecond, minute, hourly, daily } = account.windows;
  for (const window of [perSecond, minute, hourly, daily]) window.record(now);
}

function withHeaders(response: ApiResponse, headers: Record<string, string>): ApiResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** Creates the fake Lusha over `dataset`, reading time from `now` (injectable for tests). */
export function createLushaApi(options: { dataset: SandboxDataset; now: () => number }): LushaApi {
  const index = indexDataset(options.dataset);
  const log = new RequestLog();
  let accounts = makeAccounts();

  function makeAccounts(overrides?: AccountOverrides): Record<SandboxKeyName, AccountState> {
    const configs = createAccountConfigs(overrides);
    return {
      valid: createAccountState(configs.valid),
      lowCredits: createAccountState(configs.lowCredits),
      v3Disabled: createAccountState(configs.v3Disabled),
      inactive: createAccountState(configs.inactive),
    };
  }

  function route(request: ApiRequest, now: number): { response: ApiResponse; keyName?: SandboxKeyName } {
    const routeKey = `${request.method} ${request.path}`;
    const dataHandler = DATA_ROUTES[routeKey];
    if (!dataHandler && routeKey !== USAGE_ROUTE) {
      return { response: json(404, { statusCode: 404, message: `Cannot ${request.method} ${request.path}` }) };
    }
    const auth = authenticate(request, accounts);
    if (!auth.ok) return { response: auth.response };
    const account = accounts[auth.keyName];
    const ctx: HandlerContext = { index, account, now };

    if (!dataHandler) {
      if (account.windows.usageEndpoint.isFull(now)) return { response: json(429, LUSHA_AUTH_ERRORS.tooManyRequests), keyName: auth.keyName };
      account.windows.usageEndpoint.record(now);
      return { response: accountUsage(ctx), keyName: auth.keyName };
    }

    const exhausted = exhaustedWindow(account, now);
    if (exhausted) {
      return { response: json(429, LUSHA_AUTH_ERRORS.tooManyRequests, rateHeaders(account, now, exhausted)), keyName: auth.keyName };
    }
    recordRequest(account, now);
    const body = parseJson(request.rawBody);
    const response = body.ok
      ? dataHandler(ctx, body.value)
      : json(400, { statusCode: 400, message: 'Invalid JSON in request body', error: 'Bad Request' });
    return { response: withHeaders(response, rateHeaders(account, now)), keyName: auth.keyName };
  }

  return {
    handle(request) {
      const now = options.now();
      const { response, keyName } = route(request, now);
      log.add({
        method: request.method,
        path: request.path,
        status: response.status,
        at: new Date(now).toISOString(),
        body: loggableBody(request.rawBody),
        ...(keyName ? { account: keyName } : {}),
      });
      return response;
    },
    reset(overrides) {
      accounts = makeAccounts(overrides);
      log.clear();
    },
    snapshot() {
      const summaries = {
        valid: accountSummary(accounts.valid),
        lowCredits: accountSummary(accounts.lowCredits),
        v3Disabled: accountSummary(accounts.v3Disabled),
        inactive: accountSummary(accounts.inactive),
      };
      return { ...summaries.valid, requests: log.list(), accounts: summaries };
    },
  };
}
