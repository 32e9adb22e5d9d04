/**
 * Salesforce failures → SidecarError (docs/crm.md §2.11). REST errors are a JSON array `[{message, errorCode,
 * fields}]`; OAuth errors are `{error, error_description}`. The kind follows the `errorCode` first, the status second:
 * INVALID_SESSION_ID → bad-key `session-expired` (refresh once), or forbidden `missing-scope` when the session lacks
 * the `api` scope; 403 REQUEST_LIMIT_EXCEEDED → rate-limited (never a permission error); DUPLICATES_DETECTED →
 * duplicate with the matched ids (`alert`: may be saved anyway; `block`); field errors → validation naming the field;
 * INSUFFICIENT_ACCESS… / INVALID_FIELD_FOR_INSERT_UPDATE → forbidden `not-writable`.
 */
import { SidecarError, type ErrorKind } from '../../../domain/errors';
import { errorFactory, statusDetail, type ProviderErrorFactory } from '../../shared-response';
import { joinDetail, readJson } from '../shared';
import { SALESFORCE_LIMIT_RETRY_MS } from './rate-limit-headers';
import { salesforceErrorSchema, salesforceOAuthErrorSchema, type SalesforceErrorEntry } from './schemas';

const MESSAGES = {
  'missing-key': 'Salesforce is not connected. Connect it in Options.',
  'bad-key': 'Salesforce no longer accepts Sidecar’s sign-in. Connect Salesforce again in Options.',
  validation: 'Salesforce rejected a value Sidecar sent.',
  forbidden: 'Salesforce refused this request for your user.',
  'not-found': 'Salesforce has no such record, or your user cannot see it.',
  duplicate: 'Salesforce’s duplicate rules found this record already exists.',
  'rate-limited': 'Your Salesforce org has used up its daily API requests. Sidecar will try again later.',
  server: 'Salesforce is having trouble right now.',
  network: 'Could not reach Salesforce. Check your connection.',
  timeout: 'Salesforce took too long to answer.',
  'unexpected-response': 'Salesforce sent a response Sidecar could not read.',
} as const satisfies Partial<Record<ErrorKind, string>>;

type SimpleKind = keyof typeof MESSAGES;

/** A SidecarError of `kind` with our message. */
export const salesforceError: ProviderErrorFactory<SimpleKind> = errorFactory(MESSAGES);

const SESSION_EXPIRED = 'Your Salesforce session has expired.';
const MISSING_API_SCOPE = 'Sidecar’s Salesforce connection lacks API access. Ask your Salesforce admin to add the “api” scope to the app, then connect again.';
const API_DISABLED = 'API access is not enabled for your Salesforce org or user.';
const NOT_WRITABLE = (field: string | undefined) =>
  field ? `Your Salesforce user may not change the field “${field}”.` : 'Your Salesforce user may not create or change this record.';
const INVALID_FIELD = (field: string) => `Salesforce rejected the value of “${field}”.`;
const BAD_CLIENT = 'Salesforce does not know this consumer key. Check it with your Salesforce admin.';

const NOT_WRITABLE_CODES = /^(INSUFFICIENT_ACCESS_OR_READONLY|INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY|INVALID_FIELD_FOR_INSERT_UPDATE|CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY)$/;

/** The entries of an error body, or an empty list when it is not Salesforce's array. */
export function errorEntries(bodyText: string): SalesforceErrorEntry[] {
  const json = readJson(bodyText);
  const list = Array.isArray(json) ? json : json && typeof json === 'object' ? [json] : [];
  return list.flatMap((item) => {
    const parsed = salesforceErrorSchema.safeParse(item);
    return parsed.success && (parsed.data.errorCode || parsed.data.message) ? [parsed.data] : [];
  });
}

/** The ids a DUPLICATES_DETECTED entry names (its `duplicateResult` is optional). */
export function duplicateIds(entry: SalesforceErrorEntry): string[] {
  return (entry.duplicateResult?.matchResults ?? []).flatMap((m) => (m.matchRecords ?? []).map((r) => r.record.Id));
}

/** A field named in the entry, or in "No such column 'X'" messages. */
function fieldOf(entry: SalesforceErrorEntry): string | undefined {
  return entry.fields?.[0] ?? /No such column '([^']+)'/.exec(entry.message ?? '')?.[1] ?? /^([A-Za-z_]+(?:__c)?): /.exec(entry.message ?? '')?.[1];
}

export interface SalesforceErrorInput {
  status: number;
  bodyText: string;
  headers: Headers;
  now: number;
}

/** Map a non-2xx Salesforce response (REST, composite subrequest, or OAuth) to a SidecarError. */
export function salesforceErrorFromResponse({ status, bodyText, now }: SalesforceErrorInput): SidecarError {
  const oauth = salesforceOAuthErrorSchema.safeParse(readJson(bodyText));
  if (oauth.success) {
    const detail = joinDetail([oauth.data.error, oauth.data.error_description]) ?? statusDetail(status, bodyText);
    const base = { status, detail, reason: oauth.data.error };
    if (oauth.data.error === 'invalid_grant') return salesforceError('bad-key', { ...base, reason: 'revoked' });
    if (oauth.data.error === 'invalid_client_id' || oauth.data.error === 'invalid_client') return new SidecarError({ kind: 'bad-key', message: BAD_CLIENT, ...base });
    if (status >= 500) return salesforceError('server', base);
    return salesforceError('validation', base);
  }

  const entries = errorEntries(bodyText);
  const first = entries[0];
  const code = first?.errorCode;
  const detail = joinDetail(entries.flatMap((e) => [e.errorCode, e.message, e.fields?.length ? `fields ${e.fields.join(',')}` : undefined])) ?? statusDetail(status, bodyText);
  const base = { status, detail };

  if (code === 'REQUEST_LIMIT_EXCEEDED') return salesforceError('rate-limited', { ...base, reason: code, retryAt: now + SALESFORCE_LIMIT_RETRY_MS });
  if (code === 'INVALID_SESSION_ID' || (status === 401 && !code)) {
    if (/not valid for use with the REST API/i.test(first?.message ?? '')) {
      return new SidecarError({ kind: 'forbidden', message: MISSING_API_SCOPE, reason: 'missing-scope', scopes: ['api'], ...base });
    }
    return new SidecarError({ kind: 'bad-key', message: SESSION_EXPIRED, reason: 'session-expired', ...base });
  }
  if (code === 'DUPLICATES_DETECTED') {
    const ids = [...new Set(entries.flatMap(duplicateIds))];
    const allowSave = first?.duplicateResult?.allowSave;
    return salesforceError('duplicate', {
      ...base,
      ...(ids.length > 0 ? { existingIds: ids } : {}),
      ...(allowSave === undefined ? {} : { reason: allowSave ? 'alert' : 'block' }),
    });
  }
  if (code && NOT_WRITABLE_CODES.test(code)) {
    const field = first ? fieldOf(first) : undefined;
    return new SidecarError({ kind: 'forbidden', message: NOT_WRITABLE(field), reason: 'not-writable', ...(field ? { field } : {}), ...base });
  }
  if (code === 'API_DISABLED_FOR_ORG' || code === 'API_CURRENTLY_DISABLED') return new SidecarError({ kind: 'forbidden', message: API_DISABLED, reason: 'api-disabled', ...base });
  if (status === 404 || code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') return salesforceError('not-found', base);
  if (status >= 500 || code === 'SERVER_UNAVAILABLE' || code === 'UNKNOWN_EXCEPTION') return salesforceError('server', base);
  if (status === 401) return salesforceError('bad-key', base);
  if (status === 403) return salesforceError('forbidden', { ...base, ...(code ? { reason: code } : {}) });
  if (status === 400 || status === 409 || status === 412 || status === 415 || code) {
    const field = first ? fieldOf(first) : undefined;
    if (field) return new SidecarError({ kind: 'validation', message: INVALID_FIELD(field), field, ...(code ? { reason: code } : {}), ...base });
    return salesforceError('validation', { ...base, ...(code ? { reason: code } : {}) });
  }
  return salesforceError('unexpected-response', base);
}
