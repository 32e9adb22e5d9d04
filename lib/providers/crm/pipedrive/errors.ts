/**
 * Pipedrive failures → SidecarError (docs/crm.md §3.10). Bodies are `{success:false, error, error_info, …}`; the
 * kind comes from the status: 401 → bad-key `revoked` (regenerated or wrong token); 402 → forbidden
 * `account-not-open` (trial over, unpaid); 403 with an HTML page → Cloudflare blocking a token that kept going past
 * its 429s (rate-limited `cloudflare-block`), 403 JSON → forbidden; 429 → rate-limited `burst` (2-s window) or
 * `daily-budget` (the company's tokens for today); 400/422 → validation naming the parameter when Pipedrive does;
 * 404/410 → not found; 415 → forbidden `feature-disabled`; 5xx → server.
 */
import { SidecarError, type ErrorKind } from '../../../domain/errors';
import { parseCount } from '../../shared-rate-limit';
import { errorFactory, statusDetail, type ProviderErrorFactory } from '../../shared-response';
import { joinDetail, nextMidnight, readJson } from '../shared';
import { PIPEDRIVE_CLOUDFLARE_WAIT_MS } from './rate-limit-headers';
import { pipedriveErrorBodySchema } from './schemas';

const MESSAGES = {
  'missing-key': 'No Pipedrive API token is saved. Connect Pipedrive in Options.',
  'bad-key': 'Pipedrive did not accept your API token. It may have been regenerated: paste the current one in Options.',
  validation: 'Pipedrive rejected a value Sidecar sent.',
  forbidden: 'Pipedrive refused this request for your user.',
  'not-found': 'Pipedrive has no such record.',
  'rate-limited': 'Pipedrive’s rate limit was reached. Try again shortly.',
  server: 'Pipedrive is having trouble right now.',
  network: 'Could not reach Pipedrive. Check your connection.',
  timeout: 'Pipedrive took too long to answer.',
  'unexpected-response': 'Pipedrive sent a response Sidecar could not read.',
} as const satisfies Partial<Record<ErrorKind, string>>;

type SimpleKind = keyof typeof MESSAGES;

/** A SidecarError of `kind` with our message. */
export const pipedriveError: ProviderErrorFactory<SimpleKind> = errorFactory(MESSAGES);

const NOT_OPEN = 'Your Pipedrive company account is not open (trial over or unpaid). An admin can reopen it in Pipedrive.';
const FEATURE_OFF = 'This Pipedrive feature is not enabled for your company.';
const DAILY_BUDGET = 'Your Pipedrive company has used up today’s API budget. It resets at midnight.';
const CLOUDFLARE = 'Pipedrive is blocking requests for a while because its rate limit was exceeded. Sidecar will wait before trying again.';
const INVALID_FIELD = (field: string) => `Pipedrive rejected the value of “${field}”.`;

/** The parameter a validation error names: "Validation failed: name: Parameter 'name' …". */
export function fieldOfMessage(message: string | undefined): string | undefined {
  const text = message ?? '';
  return /Validation failed:\s*([A-Za-z_][\w.]*)\s*:/.exec(text)?.[1] ?? /Parameter '([^']+)'/.exec(text)?.[1];
}

export interface PipedriveErrorInput {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

/** Map a non-2xx Pipedrive response to a SidecarError. */
export function pipedriveErrorFromResponse({ status, bodyText, headers, now }: PipedriveErrorInput): SidecarError {
  const json = readJson(bodyText);
  const parsed = pipedriveErrorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : undefined;
  const html = json === undefined && /<html|<!doctype/i.test(bodyText);
  const detail = joinDetail([body?.error, body?.code, body?.error_info && body.error ? undefined : body?.error_info]) ?? statusDetail(status, bodyText);
  const base = { status, detail };

  if (status === 403 && html && /cloudflare|rate limited|access denied/i.test(bodyText)) {
    return new SidecarError({ kind: 'rate-limited', message: CLOUDFLARE, reason: 'cloudflare-block', retryAt: now + PIPEDRIVE_CLOUDFLARE_WAIT_MS, ...base });
  }
  if (status === 429) {
    const daily = /daily|budget/i.test(`${body?.error ?? ''} ${body?.code ?? ''}`);
    if (daily) return new SidecarError({ kind: 'rate-limited', message: DAILY_BUDGET, reason: 'daily-budget', retryAt: nextMidnight(now), ...base });
    const reset = parseCount(headers.get('x-ratelimit-reset'));
    return pipedriveError('rate-limited', { ...base, reason: 'burst', retryAt: now + Math.max(1, reset ?? 2) * 1000 });
  }
  switch (status) {
    case 401:
      return pipedriveError('bad-key', { ...base, reason: 'revoked' });
    case 402:
      return new SidecarError({ kind: 'forbidden', message: NOT_OPEN, reason: 'account-not-open', ...base });
    case 403:
      return pipedriveError('forbidden', base);
    case 404:
    case 410:
      return pipedriveError('not-found', base);
    case 415:
      return new SidecarError({ kind: 'forbidden', message: FEATURE_OFF, reason: 'feature-disabled', ...base });
    case 400:
    case 422: {
      const field = fieldOfMessage(body?.error);
      if (field) return new SidecarError({ kind: 'validation', message: INVALID_FIELD(field), field, ...(body?.code ? { reason: body.code } : {}), ...base });
      return pipedriveError('validation', { ...base, ...(body?.code ? { reason: body.code } : {}) });
    }
    default:
      if (status >= 500) return pipedriveError('server', base);
      return pipedriveError('unexpected-response', base);
  }
}
