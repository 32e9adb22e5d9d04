/**
 * The fake Saber v1 API: routing, `Authorization: Bearer` auth, token-bucket rate limits with `X-Ratelimit-*`
 * headers, request logging and state. Endpoints live in saber-signals.ts and saber-contacts.ts; answers in
 * saber-answers.ts. See README.md ("Saber") for the rules.
 */
import {
  createSaberAccountConfigs,
  saberKeyNameOf,
  type SaberKeyName,
  type SaberRateLimits,
} from './accounts';
import type { SandboxDataset } from './dataset-types';
import { json, loggableBody, parseJson, RequestLog, type ApiRequest, type ApiResponse, type RequestLogEntry } from './http';
import { MS } from './rate-limit';
import { createResearch, findEmail, getCredits, getResearch, getResearchByExternalId, searchContacts } from './saber-contacts';
import { createRequestIds, flatError, platformError } from './saber-schemas';
import {
  createSignalAsync,
  createSignalSync,
  getSignal,
  indexSaberDataset,
  listSignals,
  listTemplates,
  type SaberBehaviour,
  type SaberContext,
} from './saber-signals';
import { createSaberAccountState, RouteWindow, saberAccountSummary, type SaberAccountState } from './saber-state';

/** Options of the fake Saber (all optional). */
export interface SaberSandboxOptions {
  /** How long a new signal or research job stays `processing`. Default 1500 ms. */
  completionDelayMs?: number;
  /** The longest a sync call really waits, whatever `X-Sbr-Timeout-Sec` asks (1..900 s). Default 30 000 ms. */
  maxSyncWaitMs?: number;
  /** Server-side wait of a sync call without `X-Sbr-Timeout-Sec`. Default 60 s (then capped as above). */
  defaultSyncWaitSeconds?: number;
  /** How long an answer is served from the cache. Default 12 h. */
  cacheTtlMs?: number;
  /** Whether a cache hit costs a credit. Default true (see README: "Billing"). */
  chargeCachedAnswers?: boolean;
  /** Credits a contact research job costs, charged when created. Default 2. */
  researchCredits?: number;
  /** Credits the email finder costs when it finds an email (not found: free). Default 1. */
  findEmailCredits?: number;
  /** How a sync call waits. Default: a real (unref'd) timer. Inject one that advances a test clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Starting credits per account (defaults: valid 500, noCredits 0, salesNavDisconnected 500). */
  credits?: Partial<Record<SaberKeyName, number>>;
  /** Token-bucket limits for every account (defaults: docs/providers.md §2.4). */
  limits?: Partial<SaberRateLimits>;
  /**
   * Per-route limits in requests per sliding minute, keyed `"POST /v1/contacts/find-email"` (route patterns use
   * `{id}`, e.g. `"GET /v1/companies/signals/{id}"`). Over one → 429 in the platform envelope. Default none.
   */
  routeLimits?: Record<string, number>;
}

/** A snapshot of the fake Saber for `GET /__sandbox/state`. Top-level credit fields describe the `valid` key. */
export interface SaberStateSnapshot extends ReturnType<typeof saberAccountSummary> {
  requests: RequestLogEntry[];
  accounts: Record<SaberKeyName, ReturnType<typeof saberAccountSummary>>;
}

/** The fake Saber, independent of any socket. */
export interface SaberApi {
  /** Answers one request under /v1 and logs it. Sync signal calls resolve only after their wait. */
  handle(request: ApiRequest): Promise<ApiResponse>;
  /** Fresh credits, signals, cache, research, buckets and log; same options. */
  reset(): void;
  snapshot(): SaberStateSnapshot;
  /** Sets the `valid` account's total credits, keeping what it used (a top-up, or a drain). */
  setCredits(total: number): void;
}

type Handler = (ctx: SaberContext, request: ApiRequest, body: unknown, params: string[]) => ApiResponse | Promise<ApiResponse>;

interface Route {
  method: 'GET' | 'POST';
  /** Pattern name for per-route limits, e.g. "GET /v1/companies/signals/{id}". */
  name: string;
  pattern: RegExp;
  handler: Handler;
}

const ID = '([^/]+)';
const route = (method: Route['method'], path: string, handler: Handler): Route => ({
  method,
  name: `${method} ${path}`,
  pattern: new RegExp(`^${path.replace(/\{id\}/g, ID)}/?$`),
  handler,
});

/** Order matters: literal paths before `{id}`. */
const ROUTES: readonly Route[] = [
  route('POST', '/v1/companies/signals/sync', (ctx, req, body) => createSignalSync(ctx, 'company', body, req.headers)),
  route('GET', '/v1/companies/signals/templates', (ctx, req) => listTemplates(ctx, req.query)),
  route('POST', '/v1/companies/signals', (ctx, _req, body) => createSignalAsync(ctx, 'company', body)),
  route('GET', '/v1/companies/signals', (ctx, req) => listSignals(ctx, 'company', req.query)),
  route('GET', '/v1/companies/signals/{id}', (ctx, _req, _body, [id]) => getSignal(ctx, 'company', id ?? '')),
  route('POST', '/v1/contacts/signals/sync', (ctx, req, body) => createSignalSync(ctx, 'contact', body, req.headers)),
  route('POST', '/v1/contacts/signals', (ctx, _req, body) => createSignalAsync(ctx, 'contact', body)),
  route('GET', '/v1/contacts/signals', (ctx, req) => listSignals(ctx, 'contact', req.query)),
  route('GET', '/v1/contacts/signals/{id}', (ctx, _req, _body, [id]) => getSignal(ctx, 'contact', id ?? '')),
  route('POST', '/v1/contacts/research', (ctx, _req, body) => createResearch(ctx, body)),
  route('GET', '/v1/contacts/research', (ctx, req) => getResearchByExternalId(ctx, req.query)),
  route('GET', '/v1/contacts/research/{id}', (ctx, _req, _body, [id]) => getResearch(ctx, id ?? '')),
  route('POST', '/v1/contacts/search', (ctx, _req, body) => searchContacts(ctx, body)),
  route('POST', '/v1/contacts/find-email', (ctx, _req, body) => findEmail(ctx, body)),
  route('GET', '/v1/credits', (ctx) => getCredits(ctx)),
];

const KEY_FORMAT = /^sk_(live|test)_[A-Za-z0-9_-]{20,}$/;

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Creates the fake Saber over `dataset`, reading time from `now` (injectable for tests). */
export function createSaberApi(options: SaberSandboxOptions & { dataset: SandboxDataset; now: () => number }): SaberApi {
  const index = indexSaberDataset(options.dataset);
  const log = new RequestLog();
  const requestIds = createRequestIds();
  const behaviour: SaberBehaviour = {
    completionDelayMs: options.completionDelayMs ?? 1500,
    maxSyncWaitMs: options.maxSyncWaitMs ?? 30_000,
    defaultSyncWaitSeconds: options.defaultSyncWaitSeconds ?? 60,
    cacheTtlMs: options.cacheTtlMs ?? 12 * MS.hour,
    chargeCachedAnswers: options.chargeCachedAnswers ?? true,
    creditsPerSignal: 1,
    researchCredits: options.researchCredits ?? 2,
    findEmailCredits: options.findEmailCredits ?? 1,
    sleep: options.sleep ?? realSleep,
  };
  let counter = 0;
  let accounts = makeAccounts();

  function makeAccounts(): Record<SaberKeyName, SaberAccountState> {
    const configs = createSaberAccountConfigs({ credits: options.credits, limits: options.limits });
    return {
      valid: createSaberAccountState(configs.valid),
      noCredits: createSaberAccountState(configs.noCredits),
      salesNavDisconnected: createSaberAccountState(configs.salesNavDisconnected),
    };
  }

  const ids: SaberContext['ids'] = {
    seq: () => ++counter,
    signal: () => `5163a100-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
    research: () => `cr_${(++counter).toString(16).padStart(12, '0')}`,
    request: () => requestIds.next(),
  };

  type Auth = { ok: true; keyName: SaberKeyName } | { ok: false; response: ApiResponse };

  function authenticate(request: ApiRequest): Auth {
    const raw = request.headers.authorization;
    const header = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const unauthorized = (message: string): Auth => ({
      ok: false,
      response: platformError(401, { type: 'UNAUTHORIZED', code: 'UNAUTHORIZED', message }, requestIds.next()),
    });
    if (!match?.[1]) return unauthorized('Missing or invalid API key');
    if (!KEY_FORMAT.test(match[1])) return unauthorized('Invalid API key format');
    const keyName = saberKeyNameOf(match[1]);
    return keyName ? { ok: true, keyName } : unauthorized('Missing or invalid API key');
  }

  /** `X-Ratelimit-*` for a bucket at `now`; `Reset` is when it is full again (Unix seconds). */
  function rateHeaders(account: SaberAccountState, write: boolean, now: number): Record<string, string> {
    const bucket = write ? account.writes : account.reads;
    return {
      'X-Ratelimit-Limit': String(bucket.perMinute),
      'X-Ratelimit-Remaining': String(bucket.remaining(now)),
      'X-Ratelimit-Reset': String(Math.ceil((now + bucket.msUntilFull(now)) / 1000)),
    };
  }

  function find(request: ApiRequest): { route: Route; params: string[] } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const candidate of ROUTES) {
      const match = candidate.pattern.exec(request.path);
      if (!match) continue;
      if (candidate.method !== request.method) {
        methodMismatch = true;
        continue;
      }
      return { route: candidate, params: match.slice(1).map(safeDecode) };
    }
    return { methodMismatch };
  }

  async function dispatch(request: ApiRequest, now: number): Promise<{ response: ApiResponse; keyName?: SaberKeyName }> {
    const found = find(request);
    if (!('route' in found)) {
      const status = found.methodMismatch ? 405 : 404;
      return {
        response: platformError(
          status,
          { type: 'NOT_FOUND', code: found.methodMismatch ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND', message: `Cannot ${request.method} ${request.path}` },
          requestIds.next(),
        ),
      };
    }
    const auth = authenticate(request);
    if (!auth.ok) return { response: auth.response };
    const { keyName } = auth;
    const account = accounts[keyName];
    const write = request.method !== 'GET';
    const bucket = write ? account.writes : account.reads;

    // Global limiter (NestJS body with retryAfter).
    if (!bucket.take(now)) {
      const retryAfter = Math.max(1, Math.ceil(bucket.msUntilToken(now) / 1000));
      const headers = { ...rateHeaders(account, write, now), 'X-Ratelimit-Reset': String(Math.ceil(now / 1000) + retryAfter) };
      return {
        response: json(429, { statusCode: 429, message: 'Rate limit exceeded', error: 'Too Many Requests', retryAfter }, headers),
        keyName,
      };
    }
    const headers = rateHeaders(account, write, now);

    // Per-route limiter (platform envelope); its 429 reports the route's own window.
    const perMinute = options.routeLimits?.[found.route.name];
    if (perMinute !== undefined) {
      let window = account.routes.get(found.route.name);
      if (!window) {
        window = new RouteWindow(perMinute, MS.minute);
        account.routes.set(found.route.name, window);
      }
      if (!window.take(now)) {
        const routeHeaders = {
          'X-Ratelimit-Limit': String(perMinute),
          'X-Ratelimit-Remaining': '0',
          'X-Ratelimit-Reset': String(Math.ceil(window.resetAt(now) / 1000)),
        };
        return {
          response: platformError(429, { type: 'TIMEOUT', code: 'TOO_MANY_REQUESTS', message: 'Per-route rate limit exceeded' }, requestIds.next(), routeHeaders),
          keyName,
        };
      }
    }

    let body: unknown = {};
    if (request.method === 'POST') {
      const parsed = parseJson(request.rawBody);
      if (!parsed.ok) return { response: { ...flatError(400, 'BAD_REQUEST', 'Invalid JSON in request body'), headers }, keyName };
      body = parsed.value;
    }
    const ctx: SaberContext = { index, account, keyName, now: options.now, behaviour, ids };
    const response = await found.route.handler(ctx, request, body, found.params);
    return { response: { ...response, headers: { ...headers, ...response.headers } }, keyName };
  }

  return {
    async handle(request) {
      const now = options.now();
      const { response, keyName } = await dispatch(request, now);
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
    setCredits(total) {
      accounts.valid.config = { ...accounts.valid.config, creditsTotal: total };
    },
    reset() {
      accounts = makeAccounts();
      log.clear();
      requestIds.reset(); // Signal and research ids keep counting, so an id from before a reset never names a new one.
    },
    snapshot() {
      const summaries = {
        valid: saberAccountSummary(accounts.valid),
        noCredits: saberAccountSummary(accounts.noCredits),
        salesNavDisconnected: saberAccountSummary(accounts.salesNavDisconnected),
      };
      return { ...summaries.valid, requests: log.list(), accounts: summaries };
    },
  };
}
