/**
 * The fake Lusha V3 API: routing, `api_key` auth, rate limits with Lusha's headers, request logging and state.
 * Endpoints: contacts search / enrich / search-and-enrich / signals / signal types / prospecting / prospecting
 * filters / buying group, companies search / enrich / search-and-enrich / signals / signal types / signal filters,
 * and account usage (see README.md).
 */
import { STATUS_CODES } from 'node:http';
import { createAccountConfigs, keyNameOf, type AccountOverrides, type SandboxKeyName } from './accounts';
import type { SandboxDataset } from './dataset-types';
import { json, loggableBody, parseJson, RequestLog, type ApiRequest, type ApiResponse, type RequestLogEntry } from './http';
import { enrichCompanies, searchAndEnrichCompanies, searchCompanies } from './lusha-companies';
import { accountUsage, enrichContacts, LUSHA_ERRORS, searchContacts, type HandlerContext } from './lusha-contacts';
import { searchAndEnrichContacts } from './lusha-contacts-search-enrich';
import { indexDataset } from './lusha-matching';
import { createEnrichJobs, readJob } from './lusha-jobs';
import { buyingGroup, contactFilterTypes, contactFilterValues, prospectContacts } from './lusha-prospecting';
import {
  companySignalFilterTypes,
  companySignalFilterValues,
  companySignals,
  companySignalTypes,
  contactSignals,
  contactSignalTypes,
  publishSignal,
} from './lusha-signals';
import { accountSummary, createAccountState, type AccountState } from './lusha-state';

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

type Handler = (ctx: HandlerContext, body: unknown) => ApiResponse;

/** One route. `usage` routes have their own 5/min limit and skip the data windows. */
interface Route {
  method: 'GET' | 'POST';
  /** Path with `{param}` segments. */
  path: string;
  handler: Handler;
  usage?: boolean;
}

/** Every Lusha route the sandbox serves. */
export const LUSHA_ROUTES: readonly Route[] = [
  { method: 'POST', path: '/v3/contacts/search', handler: searchContacts },
  { method: 'POST', path: '/v3/contacts/enrich', handler: enrichContacts },
  { method: 'POST', path: '/v3/contacts/search-and-enrich', handler: searchAndEnrichContacts },
  { method: 'POST', path: '/v3/contacts/signals', handler: contactSignals },
  { method: 'GET', path: '/v3/contacts/signals/types', handler: contactSignalTypes },
  { method: 'POST', path: '/v3/contacts/prospecting', handler: prospectContacts },
  { method: 'GET', path: '/v3/contacts/prospecting/filters', handler: contactFilterTypes },
  { method: 'GET', path: '/v3/contacts/prospecting/filters/{filterType}', handler: contactFilterValues },
  { method: 'POST', path: '/v3/contacts/buying-group', handler: buyingGroup },
  { method: 'POST', path: '/v3/companies/search', handler: searchCompanies },
  { method: 'POST', path: '/v3/companies/enrich', handler: enrichCompanies },
  { method: 'POST', path: '/v3/companies/search-and-enrich', handler: searchAndEnrichCompanies },
  { method: 'POST', path: '/v3/companies/signals', handler: companySignals },
  { method: 'GET', path: '/v3/companies/signals/types', handler: companySignalTypes },
  { method: 'GET', path: '/v3/companies/signals/filters', handler: companySignalFilterTypes },
  { method: 'GET', path: '/v3/companies/signals/filters/{filterType}', handler: companySignalFilterValues },
  { method: 'GET', path: '/v3/account/usage', handler: accountUsage, usage: true },
  { method: 'GET', path: '/v3/contacts/jobs/{jobId}', handler: (ctx) => (ctx.jobs ? readJob(ctx.jobs, ctx) : json(404, { statusCode: 404, message: 'Job not found' })) },
];

/** The route for a request and its path parameters, if any. */
function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  for (const route of LUSHA_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((part, i) => {
      const actual = segments[i] ?? '';
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      if (param === undefined) return part === actual;
      if (actual === '') return false;
      try {
        params[param] = decodeURIComponent(actual);
      } catch {
        params[param] = actual;
      }
      return true;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

/**
 * Lusha's body (and headers) for an error status, for the fault injector: the spec's ErrorResponse messages, the
 * missing-key 401 variant excepted. 429 carries the rate-limit headers of an exhausted minute window.
 */
export function lushaFaultBody(status: number): { body: unknown; headers?: Record<string, string> } {
  switch (status) {
    case 400:
      return { body: LUSHA_ERRORS.invalidParameters(['sandbox fault: request rejected']) };
    case 401:
      return { body: LUSHA_AUTH_ERRORS.unknownKey };
    case 402:
      return { body: LUSHA_ERRORS.insufficientCredits };
    case 403:
      return { body: LUSHA_AUTH_ERRORS.v3Disabled };
    case 404:
      return { body: LUSHA_ERRORS.notFound };
    case 429:
      return {
        body: LUSHA_AUTH_ERRORS.tooManyRequests,
        headers: { 'x-rate-limit-minute': '300', 'x-minute-requests-left': '0', 'x-minute-usage': '300' },
      };
    case 451:
      return { body: LUSHA_ERRORS.gdpr };
    case 500:
      return { body: LUSHA_ERRORS.serverError };
    case 502:
      return { body: LUSHA_ERRORS.badGateway };
    default:
      return { body: { statusCode: status, message: STATUS_CODES[status] ?? 'Error' } };
  }
}

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
  /** Sets the `valid` account's total credits, keeping what it used and revealed (a top-up, or a drain to 0 left). */
  setCredits(total: number): void;
  /** These people's enrichment goes through a job that completes `delayMs` after the enrich (lusha-jobs.ts). */
  setEnrichJobs(ids: string[], delayMs?: number): void;
  /** Publishes a signal dated today about a person or company; returns why not when it cannot. */
  publishSignal(input: { entity: 'contact' | 'company'; id: string; type: string; fields?: Record<string, unknown> }): string | undefined;
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
  let jobs = createEnrichJobs();
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
    const match = matchRoute(request.method, request.path);
    if (!match) {
      return { response: json(404, { statusCode: 404, message: `Cannot ${request.method} ${request.path}` }) };
    }
    const auth = authenticate(request, accounts);
    if (!auth.ok) return { response: auth.response };
    const account = accounts[auth.keyName];
    const ctx: HandlerContext = { index, account, now, request, params: match.params, jobs };

    if (match.route.usage) {
      if (account.windows.usageEndpoint.isFull(now)) return { response: json(429, LUSHA_AUTH_ERRORS.tooManyRequests), keyName: auth.keyName };
      account.windows.usageEndpoint.record(now);
      return { response: match.route.handler(ctx, undefined), keyName: auth.keyName };
    }

    const exhausted = exhaustedWindow(account, now);
    if (exhausted) {
      return { response: json(429, LUSHA_AUTH_ERRORS.tooManyRequests, rateHeaders(account, now, exhausted)), keyName: auth.keyName };
    }
    recordRequest(account, now);
    const body = parseJson(request.rawBody);
    const response = body.ok
      ? match.route.handler(ctx, body.value)
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
      index.published.clear();
      jobs = createEnrichJobs();
      log.clear();
    },
    setEnrichJobs(ids, delayMs) {
      jobs.ids = new Set(ids);
      if (delayMs !== undefined) jobs.delayMs = delayMs;
    },
    publishSignal(input) {
      return publishSignal(index, options.now(), input);
    },
    setCredits(total) {
      accounts.valid.config = { ...accounts.valid.config, creditsTotal: total };
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
