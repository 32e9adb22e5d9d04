/**
 * HubSpot failures → SidecarError (docs/crm.md §1.11). `message` is always our own sentence; HubSpot's words
 * (message, category, correlation id) go to `detail`. The kind comes from the status and the body's `category`:
 * 401 INVALID_AUTHENTICATION / EXPIRED_AUTHENTICATION → bad-key (`revoked` / `expired`); 403 MISSING_SCOPES →
 * forbidden `missing-scope` with the scopes; 400 VALIDATION_ERROR → validation naming the property (read-only ones
 * → forbidden `not-writable`); 409 CONFLICT → duplicate with the existing id parsed from "Existing ID: n"; 429 →
 * rate-limited with the `policyName` as reason; 5xx → server. A non-JSON body still maps by its status.
 */
import { SidecarError, type ErrorKind } from '../../../domain/errors';
import { errorFactory, statusDetail, type ProviderErrorFactory } from '../../shared-response';
import { joinDetail, readJson } from '../shared';
import { hubspotRetryAt } from './rate-limit-headers';
import { hubspotErrorBodySchema, type HubSpotErrorBody } from './schemas';

const MESSAGES = {
  'missing-key': 'No HubSpot access token is saved. Connect HubSpot in Options.',
  'bad-key': 'HubSpot did not accept your access token. It may have been revoked or rotated: paste a current one in Options.',
  validation: 'HubSpot rejected a value Sidecar sent.',
  forbidden: 'HubSpot refused this request for your account.',
  'not-found': 'HubSpot has no such record.',
  duplicate: 'This contact already exists in HubSpot.',
  'rate-limited': 'HubSpot’s rate limit was reached. Try again shortly.',
  server: 'HubSpot is having trouble right now.',
  network: 'Could not reach HubSpot. Check your connection.',
  timeout: 'HubSpot took too long to answer.',
  'unexpected-response': 'HubSpot sent a response Sidecar could not read.',
} as const satisfies Partial<Record<ErrorKind, string>>;

type SimpleKind = keyof typeof MESSAGES;

/** A SidecarError of `kind` with our message. */
export const hubspotError: ProviderErrorFactory<SimpleKind> = errorFactory(MESSAGES);

const EXPIRED = 'Your HubSpot access token has expired. Connect HubSpot again in Options.';
const MISSING_SCOPE = 'Your HubSpot access token lacks a permission Sidecar needs. Ask your HubSpot admin to add it to the app.';
const NOT_WRITABLE = (field: string | undefined) =>
  field ? `HubSpot does not let Sidecar change the field “${field}”.` : 'HubSpot does not let Sidecar change that field.';
const INVALID_FIELD = (field: string) => `HubSpot rejected the value of “${field}”.`;
const DAILY = 'HubSpot’s daily API limit for your account is used up. It resets at midnight in your account’s time zone.';

/** One invalid property as HubSpot lists it inside "Property values were not valid: [...]". */
interface InvalidProperty {
  name?: string;
  error?: string;
  message?: string;
}

function readErrorBody(bodyText: string): HubSpotErrorBody | undefined {
  const parsed = hubspotErrorBodySchema.safeParse(readJson(bodyText));
  return parsed.success ? parsed.data : undefined;
}

/** The invalid properties a VALIDATION_ERROR names: in `errors[]` (newer) or as JSON inside `message` (v3 objects). */
export function invalidProperties(body: HubSpotErrorBody): InvalidProperty[] {
  const fromErrors = (body.errors ?? []).flatMap((e): InvalidProperty[] => {
    const name = e.context?.propertyName?.[0] ?? e.in;
    return name || e.code ? [{ name, error: e.code, message: e.message }] : [];
  });
  if (fromErrors.length > 0) return fromErrors;
  const embedded = /\[\s*\{[\s\S]*\}\s*\]/.exec(body.message ?? '')?.[0];
  const list = embedded ? readJson(embedded) : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): InvalidProperty[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, error, message } = item as Record<string, unknown>;
    return [{ name: typeof name === 'string' ? name : undefined, error: typeof error === 'string' ? error : undefined, message: typeof message === 'string' ? message : undefined }];
  });
}

/** The scopes a MISSING_SCOPES body asks for. */
function requiredScopes(body: HubSpotErrorBody): string[] {
  const fromContext = (ctx: Record<string, string[]> | undefined) => [...(ctx?.requiredGranularScopes ?? []), ...(ctx?.requiredScopes ?? []), ...(ctx?.missingScopes ?? [])];
  return [...new Set([...fromContext(body.context), ...(body.errors ?? []).flatMap((e) => fromContext(e.context))])];
}

/** The id in "Contact already exists. Existing ID: 37765128953" (HubSpot offers no structured field for it). */
export function existingIdOf(message: string | undefined): string | undefined {
  return /Existing ID:\s*(\d+)/i.exec(message ?? '')?.[1];
}

export interface HubSpotErrorInput {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

/** Map a non-2xx HubSpot response to a SidecarError; `utcOffsetMs` (account time zone) dates a DAILY reset. */
export function hubspotErrorFromResponse({ status, bodyText, headers, now }: HubSpotErrorInput, utcOffsetMs?: number): SidecarError {
  const body = readErrorBody(bodyText);
  const category = body?.category ?? body?.errorType;
  const detail =
    joinDetail([category, body?.policyName, body?.message, body?.error, body?.error_description, body?.correlationId && `correlationId ${body.correlationId}`]) ??
    statusDetail(status, bodyText);
  const base = { status, detail };

  if (status === 429 || category === 'RATE_LIMIT' || category === 'RATE_LIMITS') {
    const policy = body?.policyName;
    const retryAt = hubspotRetryAt(policy, headers, now, utcOffsetMs);
    const extra = { ...base, retryAt, ...(policy ? { reason: policy } : {}) };
    return policy === 'DAILY' ? new SidecarError({ kind: 'rate-limited', message: DAILY, ...extra }) : hubspotError('rate-limited', extra);
  }
  if (status === 401 || category === 'INVALID_AUTHENTICATION' || category === 'EXPIRED_AUTHENTICATION') {
    const expired = category === 'EXPIRED_AUTHENTICATION' || /expired/i.test(body?.message ?? '');
    return expired
      ? new SidecarError({ kind: 'bad-key', message: EXPIRED, reason: 'expired', ...base })
      : hubspotError('bad-key', { ...base, reason: 'revoked' });
  }
  if (category === 'MISSING_SCOPES' || (status === 403 && /scope/i.test(body?.message ?? ''))) {
    const scopes = body ? requiredScopes(body) : [];
    return new SidecarError({ kind: 'forbidden', message: MISSING_SCOPE, reason: 'missing-scope', ...base, ...(scopes.length > 0 ? { scopes } : {}) });
  }
  if (status === 409 || category === 'CONFLICT') {
    const id = existingIdOf(body?.message);
    return hubspotError('duplicate', { ...base, ...(id ? { existingIds: [id] } : {}) });
  }
  if (status === 400 || category === 'VALIDATION_ERROR') {
    const invalid = body ? invalidProperties(body) : [];
    const first = invalid[0];
    const readOnly = invalid.find((p) => /READ_ONLY|NOT_WRITABLE|CALCULATED/i.test(p.error ?? ''));
    if (readOnly) {
      return new SidecarError({ kind: 'forbidden', message: NOT_WRITABLE(readOnly.name), reason: 'not-writable', ...base, ...(readOnly.name ? { field: readOnly.name } : {}) });
    }
    if (first?.name) return new SidecarError({ kind: 'validation', message: INVALID_FIELD(first.name), field: first.name, ...(first.error ? { reason: first.error } : {}), ...base });
    return hubspotError('validation', base);
  }
  if (status === 403) return hubspotError('forbidden', base);
  if (status === 404 || category === 'OBJECT_NOT_FOUND') return hubspotError('not-found', base);
  if (status >= 500) return hubspotError('server', base);
  return hubspotError('unexpected-response', base);
}
