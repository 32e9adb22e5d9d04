/**
 * A thin, typed HTTP client for Lusha V3 contacts search, contacts enrich and account usage. One call = one HTTP
 * request: no retries, no caching, no spending policy (the scheduler and store own those). Runs in the MV3 service
 * worker: only `fetch`, `setTimeout` and `AbortController`.
 *
 * Errors: every failure is a SidecarError (see errors.ts), with one exception: when the caller's own `signal`
 * aborts, the call rejects with that signal's reason (a DOMException named "AbortError"), exactly as `fetch`
 * would. A cancellation is the caller's decision, not a provider failure, so it must not look like one.
 * Our own timeout is a SidecarError of kind 'timeout'.
 */
import type { z } from 'zod';
import { REVEAL_FIELDS, type RevealField } from '../../domain/contact';
import { SidecarError } from '../../domain/errors';
import { errorFromResponse, excerpt, lushaError } from './errors';
import { parseRateLimitHeaders } from './rate-limit-headers';
import {
  lushaAccountUsageResponseSchema,
  lushaContactsEnrichResponseSchema,
  lushaContactsSearchResponseSchema,
} from './schemas';
import { toAccountUsage, toEnrichOutcome, toSearchItemBody, toSearchOutcome } from './to-domain';
import {
  LUSHA_MAX_BATCH,
  type LushaCallInit,
  type LushaSearchInit,
  type LushaCallResult,
  type LushaClient,
  type LushaClientOptions,
  type LushaSearchItem,
} from './types';

const DEFAULT_TIMEOUT_MS = 15_000;
/** An API key is sent as a header value: visible ASCII only (fetch would otherwise throw with the key in its message). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

interface RawResponse<T> {
  data: T;
  headers: Headers;
}

interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  schema: S;
  signal: AbortSignal | undefined;
}

/** Create a client bound to one key and base URL. Never throws; problems surface on the first call. */
export function createLushaClient(options: LushaClientOptions): LushaClient {
  const apiKey = options.apiKey.trim();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** Replace the key anywhere in a SidecarError's text, in case a server or runtime echoed it. */
  function scrub(error: SidecarError): SidecarError {
    if (apiKey === '') return error;
    const clean = (s: string | undefined) => (s === undefined ? undefined : s.split(apiKey).join('[api key]'));
    const data = { ...error.data, message: clean(error.data.message) ?? '' };
    const detail = clean(error.data.detail);
    if (detail !== undefined) data.detail = detail;
    return new SidecarError(data);
  }

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<RawResponse<z.output<S>>> {
    if (apiKey === '') throw lushaError('missing-key', { detail: 'no API key configured' });
    if (!HEADER_SAFE.test(apiKey)) throw lushaError('bad-key', { detail: 'API key contains characters a header cannot carry' });
    spec.signal?.throwIfAborted();

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Lusha request timed out', 'TimeoutError'));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(spec.signal?.reason);
    spec.signal?.addEventListener('abort', onCallerAbort, { once: true });
    // Settles when we abort, even if an injected fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as unknown), { once: true });
    });
    aborted.catch(() => undefined);
    const raced = <T>(promise: Promise<T>) => Promise.race([promise, aborted]);

    const fail = (error: unknown): never => {
      if (spec.signal?.aborted && !timedOut) throw spec.signal.reason;
      if (timedOut || (error instanceof Error && error.name === 'TimeoutError')) {
        throw lushaError('timeout', { detail: `no complete answer within ${timeoutMs} ms` });
      }
      throw lushaError('network', { detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    };

    try {
      const headers: Record<string, string> = { api_key: apiKey, accept: 'application/json' };
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      const response = await raced(
        doFetch(`${baseUrl}${spec.path}`, {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: controller.signal,
        }),
      ).catch(fail);
      const bodyText = await raced(response.text()).catch(fail);

      if (!response.ok) {
        throw errorFromResponse({ status: response.status, bodyText, headers: response.headers, now: now() });
      }
      return { data: parseBody(bodyText, spec.schema, response.status), headers: response.headers };
    } catch (error) {
      throw SidecarError.is(error) ? scrub(error) : error;
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  function meta(
    headers: Headers,
    body: { requestId?: string | null; billing?: { creditsCharged?: number | null; resultsReturned?: number | null } | null },
  ): Omit<LushaCallResult<unknown>, 'data'> {
    const result: Omit<LushaCallResult<unknown>, 'data'> = {
      creditsCharged: body.billing?.creditsCharged ?? 0,
      rateLimits: parseRateLimitHeaders(headers, now()),
    };
    const resultsReturned = body.billing?.resultsReturned;
    if (resultsReturned != null) result.resultsReturned = resultsReturned;
    const requestId = body.requestId ?? headers.get('x-request-id') ?? undefined;
    if (requestId) result.requestId = requestId;
    return result;
  }

  return {
    async searchContacts(items: LushaSearchItem[], init?: LushaSearchInit) {
      checkBatch(items.length, 'contacts');
      const body: Record<string, unknown> = { contacts: items.map(toSearchItemBody) };
      if (init?.includePartialProfiles !== undefined) body.options = { includePartialProfiles: init.includePartialProfiles };
      const { data, headers } = await request({
        method: 'POST',
        path: '/v3/contacts/search',
        body,
        schema: lushaContactsSearchResponseSchema,
        signal: init?.signal,
      });
      return { data: data.results.map(toSearchOutcome), ...meta(headers, data) };
    },

    async enrichContacts(ids: string[], reveal: RevealField[], init?: LushaCallInit) {
      checkBatch(ids.length, 'ids');
      if (ids.some((id) => typeof id !== 'string' || id.trim() === '')) {
        throw lushaError('validation', { detail: 'ids must be non-empty strings' });
      }
      const fields = [...new Set(reveal)];
      if (fields.length === 0 || fields.some((f) => !(REVEAL_FIELDS as readonly string[]).includes(f))) {
        // Lusha reads an omitted reveal as "both"; never risk spending on a field nobody asked for.
        throw lushaError('validation', { detail: `reveal must list some of ${REVEAL_FIELDS.join(', ')}` });
      }
      const { data, headers } = await request({
        method: 'POST',
        path: '/v3/contacts/enrich',
        body: { ids, reveal: fields },
        schema: lushaContactsEnrichResponseSchema,
        signal: init?.signal,
      });
      return {
        data: data.results.map((raw, index) => toEnrichOutcome(raw, index, ids, fields)),
        ...meta(headers, data),
      };
    },

    async getAccountUsage(init?: LushaCallInit) {
      const { data, headers } = await request({
        method: 'GET',
        path: '/v3/account/usage',
        schema: lushaAccountUsageResponseSchema,
        signal: init?.signal,
      });
      return { data: toAccountUsage(data, now()), ...meta(headers, {}) };
    },
  };
}

function checkBatch(count: number, what: string): void {
  if (count < 1 || count > LUSHA_MAX_BATCH) {
    throw lushaError('validation', { detail: `${what}: ${count} items; Lusha takes 1 to ${LUSHA_MAX_BATCH}` });
  }
}

/** JSON text → schema output, or an 'unexpected-response' error naming what was wrong and where. */
function parseBody<S extends z.ZodType>(bodyText: string, schema: S, status: number): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    const kind = /^\s*</.test(bodyText) ? 'an HTML page' : bodyText.trim() === '' ? 'an empty body' : 'invalid JSON';
    throw lushaError('unexpected-response', { status, detail: `expected JSON, got ${kind}: ${excerpt(bodyText)}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw lushaError('unexpected-response', { status, detail });
  }
  return parsed.data;
}
