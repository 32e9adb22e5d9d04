/**
 * Lusha failures → SidecarError. `message` is always our own plain sentence; Lusha's words go to `detail`
 * (logs and tests only). The kind comes from the HTTP status; the body refines it (400 key format, 401 missing
 * header, 403 reason). A non-JSON error body (an HTML gateway page) still maps by its status.
 */
import { SidecarError, type ErrorKind } from '../../domain/errors';
import { errorFactory, statusDetail, type ProviderErrorFactory } from '../shared-response';
import { retryInfoFor429 } from './rate-limit-headers';
import { lushaErrorBodySchema, type LushaErrorBody } from './schemas';

/** Why Lusha refused with 403. */
export type LushaForbiddenReason = 'inactive-account' | 'v3-not-enabled' | 'plan-lacks-feature' | 'other';

const MESSAGES = {
  'missing-key': 'No Lusha API key was sent. Add your key in Options.',
  'bad-key': 'Lusha did not accept your API key. Check it in Options.',
  validation: 'Lusha rejected the request as invalid.',
  'out-of-credits': 'Your Lusha account has run out of credits.',
  'not-found': 'Lusha could not find what was asked for.',
  'rate-limited': 'Lusha’s rate limit was reached. Try again shortly.',
  'gdpr-blocked': 'Lusha cannot share this contact’s data because of GDPR rules.',
  server: 'Lusha is having trouble right now.',
  network: 'Could not reach Lusha. Check your connection.',
  timeout: 'Lusha took too long to answer.',
  'unexpected-response': 'Lusha sent a response Sidecar could not read.',
} as const satisfies Partial<Record<ErrorKind, string>>;

const FORBIDDEN_MESSAGES: Record<LushaForbiddenReason, string> = {
  'inactive-account': 'Your Lusha account is not active.',
  'v3-not-enabled': 'API V3 access is not enabled on your Lusha account.',
  'plan-lacks-feature': 'Your Lusha plan does not include this feature.',
  other: 'Lusha refused this request for your account.',
};

type SimpleKind = keyof typeof MESSAGES;

/** A SidecarError of `kind` with our message. */
export const lushaError: ProviderErrorFactory<SimpleKind> = errorFactory(MESSAGES);

/** Lusha's own words from an error body, flattened for `detail`. */
export function vendorText(body: LushaErrorBody | undefined): string | undefined {
  if (!body) return undefined;
  const parts: string[] = [];
  const message = body.message;
  if (typeof message === 'string') parts.push(message);
  else if (Array.isArray(message)) parts.push(...message);
  for (const item of body.errors ?? []) parts.push(typeof item === 'string' ? item : JSON.stringify(item));
  if (body.error) parts.push(body.error);
  if (body.error_description) parts.push(body.error_description);
  const text = parts.filter((p) => p.trim() !== '').join('; ');
  return text === '' ? undefined : text;
}

/** Parse an error body if it is JSON of a known shape; undefined otherwise. */
function readErrorBody(bodyText: string): LushaErrorBody | undefined {
  try {
    const parsed = lushaErrorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Which 403 this is, from Lusha's message. */
export function forbiddenReason(text: string | undefined): LushaForbiddenReason {
  const t = (text ?? '').toLowerCase();
  if (/v3 api access|v3.*not enabled/.test(t)) return 'v3-not-enabled';
  if (/not active|inactive|deactivated|suspended/.test(t)) return 'inactive-account';
  if (/plan|pricing version|not supported|not included|upgrade/.test(t)) return 'plan-lacks-feature';
  return 'other';
}

export interface ErrorResponseInput {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

/** Map a non-2xx response to a SidecarError. */
export function errorFromResponse({ status, bodyText, headers, now }: ErrorResponseInput): SidecarError {
  const body = readErrorBody(bodyText);
  const vendor = vendorText(body);
  const detail = vendor ?? statusDetail(status, bodyText);
  const base = { status, detail };

  switch (status) {
    case 400:
      return /invalid api key/i.test(vendor ?? '') ? lushaError('bad-key', base) : lushaError('validation', base);
    case 401: {
      const missing =
        body?.error === 'invalid_request' || /missing|no api key|not provided/i.test(`${body?.error_description ?? ''} ${vendor ?? ''}`);
      return lushaError(missing ? 'missing-key' : 'bad-key', base);
    }
    case 402:
      return lushaError('out-of-credits', base);
    case 403: {
      const reason = forbiddenReason(vendor);
      return new SidecarError({ kind: 'forbidden', message: FORBIDDEN_MESSAGES[reason], reason, ...base });
    }
    case 404:
      return lushaError('not-found', base);
    case 429: {
      const { retryAt, window } = retryInfoFor429(headers, now, vendor);
      return lushaError('rate-limited', window ? { ...base, retryAt, reason: window } : { ...base, retryAt });
    }
    case 451:
      return lushaError('gdpr-blocked', base);
    case 499: // Lusha's "client closed request / timed out before completing".
      return lushaError('timeout', base);
    case 409:
    case 412:
    case 413:
    case 422:
      return lushaError('validation', base);
    default:
      if (status >= 500) return lushaError('server', base);
      return lushaError('unexpected-response', base);
  }
}
