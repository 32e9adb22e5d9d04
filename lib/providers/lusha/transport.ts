/**
 * Lusha's side of the shared request loop (`../request.ts`): the `api_key` header, Lusha's error mapping, and what a
 * V3 body says about itself (request id, billing) read from the raw JSON before the strict parse, so that a charged
 * answer Sidecar cannot read still reports its charge (`SidecarError.data.charged`).
 */
import type { z } from 'zod';
import { createHttpClient, type HttpResponse } from '../request';
import { errorFromResponse, lushaError } from './errors';
import { parseRateLimitHeaders } from './rate-limit-headers';
import type { LushaCallResult, LushaClientOptions } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v3/contacts/jobs/{jobId}`. */
  path: string;
  body?: unknown;
  schema: S;
  signal: AbortSignal | undefined;
}

/** What a V3 body may say about itself: its id and what it cost. */
export interface BodyMeta {
  requestId?: string | null;
  billing?: { creditsCharged?: number | null; resultsReturned?: number | null } | null;
}

export type CallMeta = Omit<LushaCallResult<unknown>, 'data'>;

export interface Transport {
  request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<HttpResponse<z.output<S>>>;
  /** Billing, request id and rate-limit windows of one response. */
  meta(headers: Headers, body: BodyMeta): CallMeta;
}

/** `billing.creditsCharged` of any JSON value, read without trusting the rest of its shape. */
export function chargedIn(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const billing = (json as { billing?: unknown }).billing;
  if (typeof billing !== 'object' || billing === null) return undefined;
  const charged = (billing as { creditsCharged?: unknown }).creditsCharged;
  return typeof charged === 'number' && Number.isFinite(charged) && charged >= 0 ? charged : undefined;
}

export function createTransport(options: LushaClientOptions): Transport {
  const apiKey = options.apiKey.trim();
  const now = options.now ?? Date.now;
  const http = createHttpClient({
    label: 'Lusha',
    baseUrl: options.baseUrl,
    secret: apiKey,
    authHeaders: { api_key: apiKey },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now,
    providerError: lushaError,
    errorFromResponse,
    salvage: (json) => {
      const charged = chargedIn(json);
      return charged === undefined ? {} : { charged };
    },
  });

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

  return { request: (spec) => http.request(spec), meta };
}
