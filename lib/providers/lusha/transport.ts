/**
 * One HTTP exchange with Lusha: headers, timeout, caller cancellation, status → SidecarError, JSON → zod schema.
 * No retries, no caching. Runs in the MV3 service worker: only `fetch`, `setTimeout` and `AbortController`.
 *
 * Errors: every failure is a SidecarError (see errors.ts), with one exception: when the caller's own `signal`
 * aborts, the call rejects with that signal's reason (a DOMException named "AbortError"), exactly as `fetch`
 * would. A cancellation is the caller's decision, not a provider failure, so it must not look like one.
 * Our own timeout is a SidecarError of kind 'timeout'.
 */
import type { z } from 'zod';
import { SidecarError } from '../../domain/errors';
import { keyProblem, scrubKey, withDeadline } from '../http';
import { parseBody } from '../shared-response';
import { errorFromResponse, lushaError } from './errors';
import { parseRateLimitHeaders } from './rate-limit-headers';
import type { LushaCallResult, LushaClientOptions } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v3/companies/signals/filters/hiringByLocations?query=ber`. */
  path: string;
  body?: unknown;
  schema: S;
  signal: AbortSignal | undefined;
}

export interface RawResponse<T> {
  data: T;
  headers: Headers;
}

/** What a V3 body may say about itself: its id and what it cost. */
export interface BodyMeta {
  requestId?: string | null;
  billing?: { creditsCharged?: number | null; resultsReturned?: number | null } | null;
}

export type CallMeta = Omit<LushaCallResult<unknown>, 'data'>;

export interface Transport {
  request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<RawResponse<z.output<S>>>;
  /** Billing, request id and rate-limit windows of one response. */
  meta(headers: Headers, body: BodyMeta): CallMeta;
}

export function createTransport(options: LushaClientOptions): Transport {
  const apiKey = options.apiKey.trim();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<RawResponse<z.output<S>>> {
    const problem = keyProblem(apiKey);
    if (problem) throw lushaError(problem.kind, { detail: problem.detail });
    // Throws the caller's reason at once if their signal is already aborted.
    const deadline = withDeadline({ timeoutMs, signal: spec.signal, label: 'Lusha' });

    const fail = (error: unknown): never => {
      switch (deadline.classify(error)) {
        case 'caller-abort':
          throw spec.signal?.reason;
        case 'timeout':
          throw lushaError('timeout', { detail: `no complete answer within ${timeoutMs} ms` });
        case 'network':
          throw lushaError('network', { detail: describeFailure(error) });
      }
    };

    try {
      const headers: Record<string, string> = { api_key: apiKey, accept: 'application/json' };
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      const response = await deadline.race(
        doFetch(`${baseUrl}${spec.path}`, {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: deadline.signal,
        }),
      ).catch(fail);
      const bodyText = await deadline.race(response.text()).catch(fail);

      if (!response.ok) {
        throw errorFromResponse({ status: response.status, bodyText, headers: response.headers, now: now() });
      }
      return { data: parseBody(bodyText, spec.schema, response.status, lushaError), headers: response.headers };
    } catch (error) {
      throw SidecarError.is(error) ? scrubKey(error, apiKey) : error;
    } finally {
      deadline.dispose();
    }
  }

  function meta(headers: Headers, body: BodyMeta): CallMeta {
    const result: CallMeta = {
      creditsCharged: body.billing?.creditsCharged ?? 0,
      rateLimits: parseRateLimitHeaders(headers, now()),
    };
    const resultsReturned = body.billing?.resultsReturned;
    if (resultsReturned != null) result.resultsReturned = resultsReturned;
    const requestId = body.requestId ?? headers.get('x-request-id') ?? undefined;
    if (requestId) result.requestId = requestId;
    return result;
  }

  return { request, meta };
}

/** `TypeError: fetch failed (SocketError: other side closed)`: the error and, when there is one, its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
