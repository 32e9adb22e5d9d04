/**
 * The one HTTP request loop every provider client uses (Lusha, Saber, the CRMs): headers, our deadline and the
 * caller's cancellation, status → the provider's SidecarError, JSON → zod schema, and the key scrubbed from any error.
 * No retries, no caching, no spending policy. Runs in the MV3 service worker: only `fetch`, `setTimeout` and
 * `AbortController`.
 *
 * Errors: every failure is a SidecarError, with one exception: when the caller's own `signal` aborts, the call
 * rejects with that signal's reason (a DOMException named "AbortError"), exactly as `fetch` would.
 */
import type { z } from 'zod';
import { SidecarError } from '../domain/errors';
import { keyProblem, scrubKey, withDeadline } from './http';
import { parseBody, type ErrorExtra, type ProviderErrorFactory } from './shared-response';

export interface HttpRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path and query, appended to the base URL. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` instead of a JSON body (OAuth token endpoints). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  schema: S;
  signal: AbortSignal | undefined;
  /** Overrides the client's timeout (long server-side waits). */
  timeoutMs?: number;
}

export interface HttpResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface ErrorResponse {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

export interface HttpClientOptions {
  /** Names the provider in timeouts: "Lusha request timed out". */
  label: string;
  baseUrl: string;
  /**
   * The secret sent with every request (checked and scrubbed). A call that carries no secret header (an OAuth token
   * exchange) passes the grant it sends instead (the code or refresh token), so that one is checked and scrubbed.
   */
  secret: string;
  /** The headers that carry the secret, e.g. `{ api_key: secret }` or `{ authorization: 'Bearer …' }`. */
  authHeaders: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
  providerError: ProviderErrorFactory<'missing-key' | 'bad-key' | 'timeout' | 'network' | 'unexpected-response'>;
  errorFromResponse(response: ErrorResponse): SidecarError;
  /** What a 2xx body that failed its schema still says (e.g. the credits it charged), read before the strict parse. */
  salvage?(json: unknown): ErrorExtra;
}

export interface HttpClient {
  request<S extends z.ZodType>(spec: HttpRequest<S>): Promise<HttpResponse<z.output<S>>>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { providerError, secret, label } = options;

  async function request<S extends z.ZodType>(spec: HttpRequest<S>): Promise<HttpResponse<z.output<S>>> {
    const problem = keyProblem(secret);
    if (problem) throw providerError(problem.kind, { detail: problem.detail });
    const budgetMs = spec.timeoutMs ?? options.timeoutMs;
    // Throws the caller's reason at once if their signal is already aborted.
    const deadline = withDeadline({ timeoutMs: budgetMs, signal: spec.signal, label });

    const fail = (error: unknown): never => {
      switch (deadline.classify(error)) {
        case 'caller-abort':
          throw spec.signal?.reason;
        case 'timeout':
          throw providerError('timeout', { detail: `no complete answer within ${budgetMs} ms` });
        case 'network':
          throw providerError('network', { detail: describeFailure(error) });
      }
    };

    try {
      const headers: Record<string, string> = { ...options.authHeaders, accept: 'application/json', ...spec.headers };
      let body: string | undefined;
      if (spec.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(spec.form).toString();
      } else if (spec.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(spec.body);
      }
      const response = await deadline
        .race(doFetch(`${baseUrl}${spec.path}`, { method: spec.method, headers, body, signal: deadline.signal }))
        .catch(fail);
      const bodyText = await deadline.race(response.text()).catch(fail);
      if (!response.ok) throw options.errorFromResponse({ status: response.status, bodyText, headers: response.headers, now: now() });
      // No body (a 204 to a Salesforce PATCH, an empty 200 from an OAuth revoke): `null`, if the schema expects that.
      const noBody = bodyText.trim() === '' ? spec.schema.safeParse(null) : undefined;
      const data: z.output<S> = noBody?.success ? noBody.data : parseBody(bodyText, spec.schema, response.status, providerError, options.salvage);
      return { data, status: response.status, headers: response.headers };
    } catch (error) {
      throw SidecarError.is(error) ? scrubKey(error, secret) : error;
    } finally {
      deadline.dispose();
    }
  }

  return { request };
}

/** `TypeError: fetch failed (SocketError: other side closed)`: the error and, when there is one, its cause. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
