/**
 * Saber failures → SidecarError. `message` is always our own plain sentence; Saber's words (message, code, field
 * errors, request id) go to `detail` (logs and tests only). Both envelopes, the Go platform
 * `{error:{type,code,message,requestId}}` and the NestJS `{statusCode,message,error,retryAfter}`, map to the same
 * kinds. The kind comes from the HTTP status; the body refines it (an out-of-credits or rate-limit code wins over
 * the status, 403 reason). A non-JSON error body (an HTML gateway page) still maps by its status.
 */
import { SidecarError, type ErrorKind } from '../../domain/errors';
import { errorFactory, statusDetail, type ProviderErrorFactory } from '../shared-response';
import { retryAtFor429 } from './rate-limit-headers';
import { saberErrorBodySchema, type SaberErrorBody } from './schemas';

/** Why Saber refused with 403. */
export type SaberForbiddenReason = 'inactive-account' | 'plan-lacks-feature' | 'access-denied' | 'other';

/** Which limiter answered a 429: the global one (NestJS body) or a per-route one (platform envelope). */
export type SaberRateLimiter = 'global' | 'per-route';

const MESSAGES = {
  'missing-key': 'No Saber API key was sent. Add your key in Options.',
  'bad-key': 'Saber did not accept your API key. Check it in Options.',
  validation: 'Saber rejected the request as invalid.',
  'out-of-credits': 'Your Saber account has run out of credits.',
  'not-found': 'Saber could not find what was asked for.',
  'rate-limited': 'Saber’s rate limit was reached. Try again shortly.',
  server: 'Saber is having trouble right now.',
  network: 'Could not reach Saber. Check your connection.',
  timeout: 'Saber took too long to answer.',
  'unexpected-response': 'Saber sent a response Sidecar could not read.',
} as const satisfies Partial<Record<ErrorKind, string>>;

const FORBIDDEN_MESSAGES: Record<SaberForbiddenReason, string> = {
  'inactive-account': 'Your Saber account is not active.',
  'plan-lacks-feature': 'Your Saber plan does not include this feature.',
  'access-denied': 'Your Saber key may not do this.',
  other: 'Saber refused this request for your account.',
};

type SimpleKind = keyof typeof MESSAGES;

/** A SidecarError of `kind` with our message. */
export const saberError: ProviderErrorFactory<SimpleKind> = errorFactory(MESSAGES);

/** The facts of an error body, whichever envelope it came in. */
export interface SaberErrorFacts {
  envelope: 'platform' | 'nest' | 'flat';
  message?: string;
  /** `error.code` (platform), or the `error` string (flat and NestJS, e.g. "NOT_FOUND", "Too Many Requests"). */
  code?: string;
  type?: string;
  requestId?: string;
  /** Seconds, from NestJS `retryAfter`. */
  retryAfter?: number;
  fields: string[];
}

const clean = (value: string | null | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** What an error body says, or undefined when it is not JSON of a known shape. */
export function readErrorFacts(bodyText: string): SaberErrorFacts | undefined {
  let body: SaberErrorBody;
  try {
    const parsed = saberErrorBodySchema.safeParse(JSON.parse(bodyText));
    if (!parsed.success) return undefined;
    body = parsed.data;
  } catch {
    return undefined;
  }
  const topMessage = Array.isArray(body.message) ? body.message.join('; ') : clean(body.message);
  const error = body.error;
  if (error && typeof error === 'object') {
    const facts: SaberErrorFacts = {
      envelope: 'platform',
      fields: (error.fields ?? []).flatMap((f) => {
        const text = [clean(f.field), clean(f.message)].filter(Boolean).join(': ');
        return text ? [text] : [];
      }),
    };
    const message = clean(error.message) ?? topMessage;
    const code = clean(error.code) ?? clean(error.errorCode);
    const requestId = clean(error.requestId) ?? clean(body.requestId);
    if (message) facts.message = message;
    if (code) facts.code = code;
    if (clean(error.type)) facts.type = clean(error.type);
    if (requestId) facts.requestId = requestId;
    return facts;
  }
  const facts: SaberErrorFacts = { envelope: body.statusCode != null || body.retryAfter != null ? 'nest' : 'flat', fields: [] };
  if (topMessage) facts.message = topMessage;
  if (clean(error)) facts.code = clean(error);
  if (clean(body.requestId)) facts.requestId = clean(body.requestId);
  if (body.retryAfter != null && body.retryAfter >= 0) facts.retryAfter = body.retryAfter;
  if (facts.message === undefined && facts.code === undefined && facts.retryAfter === undefined) return undefined;
  return facts;
}

/** Saber's own words, flattened for `detail`: message; code; field errors; request id. */
export function vendorText(facts: SaberErrorFacts | undefined): string | undefined {
  if (!facts) return undefined;
  const parts = [facts.message, facts.code && facts.code !== facts.message ? facts.code : undefined, ...facts.fields];
  if (facts.retryAfter !== undefined) parts.push(`retryAfter ${facts.retryAfter}s`);
  if (facts.requestId) parts.push(`requestId ${facts.requestId}`);
  const text = parts.filter((p): p is string => !!p && p.trim() !== '').join('; ');
  return text === '' ? undefined : text;
}

/** Which 403 this is, from Saber's message and code. */
export function forbiddenReason(text: string | undefined): SaberForbiddenReason {
  const t = (text ?? '').toLowerCase();
  if (/not active|inactive|deactivated|suspended|disabled account|account (is )?disabled/.test(t)) return 'inactive-account';
  if (/plan|upgrade|not included|feature|subscription required/.test(t)) return 'plan-lacks-feature';
  if (/access denied|permission|not allowed|scope|forbidden/.test(t)) return 'access-denied';
  return 'other';
}

const OUT_OF_CREDITS = /insufficient[_ ]credits|out[_ ]of[_ ]credits|not enough credits|no credits|credits? (are |is )?exhausted|payment[_ ]required/i;
const TOO_MANY = /too[_ ]many[_ ]requests|rate[_ ]limit/i;

export interface ErrorResponseInput {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

/** Map a non-2xx response to a SidecarError. */
export function errorFromResponse({ status, bodyText, headers, now }: ErrorResponseInput): SidecarError {
  const facts = readErrorFacts(bodyText);
  const vendor = vendorText(facts);
  const detail = vendor ?? statusDetail(status, bodyText);
  const base = { status, detail };
  const codeText = `${facts?.code ?? ''} ${facts?.type ?? ''}`;
  const anyText = `${codeText} ${facts?.message ?? ''}`;

  if (status === 429 || (status >= 400 && status < 500 && TOO_MANY.test(codeText))) {
    const retryAt = retryAtFor429(headers, now, facts?.retryAfter);
    const limiter: SaberRateLimiter | undefined =
      facts?.envelope === 'platform' ? 'per-route' : facts?.envelope === 'nest' ? 'global' : undefined;
    return saberError('rate-limited', limiter ? { ...base, retryAt, reason: limiter } : { ...base, retryAt });
  }
  if (status === 402 || (status >= 400 && status < 500 && OUT_OF_CREDITS.test(anyText))) {
    return saberError('out-of-credits', base);
  }

  switch (status) {
    case 400:
    case 409:
    case 413:
    case 422:
      return saberError('validation', base);
    case 401: // We never send a request without a key, so Saber's "invalid or missing API key" means a bad one.
      return saberError('bad-key', base);
    case 403: {
      const reason = forbiddenReason(vendor);
      return new SidecarError({ kind: 'forbidden', message: FORBIDDEN_MESSAGES[reason], reason, ...base });
    }
    case 404:
      return saberError('not-found', base);
    case 408: // Only with X-Sbr-Timeout-Error: true, which we never send; a gateway may still say it.
      return saberError('timeout', base);
    default:
      if (status >= 500) return saberError('server', base);
      return saberError('unexpected-response', base);
  }
}
