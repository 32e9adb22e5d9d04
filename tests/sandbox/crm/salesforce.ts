/**
 * The Salesforce stand-in (docs/crm.md §2 and §7): the OAuth 2.0 web-server flow with PKCE (authorize, token with no
 * `expires_in`, refresh, revoke, userinfo), `instance_url` = the sandbox itself, `/services/data/` versions, SOQL
 * query, SOSL search, sObject describe / create (201) / read / PATCH (204), composite with `@{ref.field}`, array error
 * bodies, duplicate rules (400 DUPLICATES_DETECTED, bypassed with `Sforce-Duplicate-Rule-Header: allowSave=true` when
 * the rule only alerts), `Sforce-Limit-Info` on every REST answer, 403 REQUEST_LIMIT_EXCEEDED past the rolling 24-h
 * allocation, and 401 INVALID_SESSION_ID once a session outlives `sessionLifetimeMs`. See README.md ("Salesforce").
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SandboxDataset } from '../dataset-types';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { SlidingWindow } from '../rate-limit';
import { SALESFORCE_CONSUMER_KEY, SALESFORCE_ORG_ID, SALESFORCE_USERS, type SalesforceUserName } from './accounts';
import { bearer, header, parseForm, StandInLog } from './common';
import { evaluate, parseSoql, parseSosl, SoqlError, soslMatches, type FieldReader } from './salesforce-soql';
import { fieldDef, SalesforceStore, SF_FIELDS, SF_PREFIX, SF_TYPES, withName, type SfRecord, type SfType } from './salesforce-store';

export type DuplicateRuleAction = 'alert' | 'block' | 'off';

export interface SalesforceStandInOptions {
  /** How long an access token lives (the org's session timeout). Default 2 h. */
  sessionLifetimeMs?: number;
  /** API requests per rolling 24 h for the org. Default 15 000 (Developer Edition). */
  dailyApiLimit?: number;
  /** Duplicate rule per object. Defaults: Contact `alert`, Lead `block`, Account `off`. */
  duplicateRules?: Partial<Record<'Contact' | 'Lead' | 'Account', DuplicateRuleAction>>;
  /** Issue a new refresh token on every refresh (Refresh Token Rotation). Default false. */
  rotateRefreshTokens?: boolean;
  /** API versions served; the last is the newest. Default 62.0 … 66.0. */
  versions?: string[];
}

export interface SalesforceStateSnapshot {
  records: Record<SfType, number>;
  created: { type: SfType; id: string }[];
  requests: ReturnType<StandInLog['list']>;
  writes: number;
  apiUsed: number;
  apiLimit: number;
}

interface Session {
  user: SalesforceUserName;
  scope: string[];
  issuedAt: number;
  refreshToken?: string;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  id: string;
  scope: string;
  token_type: 'Bearer';
  issued_at: string;
  signature: string;
}

export interface SalesforceStandIn {
  handle(request: ApiRequest): ApiResponse;
  reset(): void;
  snapshot(): SalesforceStateSnapshot;
  /** Tokens as if the browser flow had run (for tests that do not exercise it). */
  issueTokens(user: SalesforceUserName, instanceUrl: string, scope?: string): IssuedTokens;
  store(): SalesforceStore;
}

/** Path prefixes the Salesforce stand-in answers. */
export const SALESFORCE_PREFIXES = ['/services/'] as const;

const VERSION_LABELS: Record<string, string> = { '62.0': "Winter '25", '63.0': "Spring '25", '64.0': "Summer '25", '65.0': "Winter '26", '66.0': "Spring '26", '67.0': "Summer '26" };
const CODE_LIFETIME_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const MAX_SUBREQUESTS = 25;

const sfError = (status: number, errorCode: string, message: string, fields?: string[]): ApiResponse =>
  json(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
const oauthError = (status: number, error: string, description: string): ApiResponse => json(status, { error, error_description: description });

const b64url = (buffer: Buffer): string => buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Callbacks the org's External Client App accepts: an extension's identity redirect, or a local test page. */
function allowedRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'https:' && (url.hostname.endsWith('.chromiumapp.org') || url.hostname.endsWith('.extensions.allizom.org'))) || (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname));
  } catch {
    return false;
  }
}

const compositeSchema = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z
    .array(
      z.object({
        method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']),
        url: z.string().regex(/^\/services\/data\/v\d+\.\d+\//),
        referenceId: z.string().regex(/^[A-Za-z0-9_]+$/),
        body: z.unknown().optional(),
        httpHeaders: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1),
});

interface Inner {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function createSalesforceStandIn(options: SalesforceStandInOptions & { dataset: SandboxDataset; now: () => number }): SalesforceStandIn {
  const config = {
    sessionLifetimeMs: options.sessionLifetimeMs ?? 2 * 3_600_000,
    dailyApiLimit: options.dailyApiLimit ?? 15_000,
    rules: { Contact: 'alert', Lead: 'block', Account: 'off', ...options.duplicateRules } as Record<'Contact' | 'Lead' | 'Account', DuplicateRuleAction>,
    rotate: options.rotateRefreshTokens ?? false,
    versions: options.versions ?? ['62.0', '63.0', '64.0', '65.0', '66.0'],
  };
  const log = new StandInLog();
  let store = new SalesforceStore(options.dataset);
  let api = new SlidingWindow(config.dailyApiLimit, DAY_MS);
  let sessions = new Map<string, Session>();
  let refreshTokens = new Map<string, { user: SalesforceUserName; scope: string[]; revoked: boolean }>();
  let codes = new Map<string, { user: SalesforceUserName; challenge?: string; method?: string; redirectUri: string; scope: string[]; issuedAt: number; used: boolean }>();
  let counter = 0;

  const userId = (user: SalesforceUserName) => SALESFORCE_USERS[user].id;
  const instanceOf = (request: ApiRequest): string => `http://${header(request.headers, 'host') || '127.0.0.1'}`;

  function issue(user: SalesforceUserName, scope: string[], instanceUrl: string, now: number, refresh?: string): IssuedTokens {
    counter += 1;
    const access = `${SALESFORCE_ORG_ID}!AQ.sandbox.${counter.toString(36)}.${(now % 1_000_000).toString(36)}`;
    let refreshToken = refresh;
    if (!refreshToken && (scope.includes('refresh_token') || scope.includes('offline_access'))) {
      refreshToken = `5Aep861.sandbox.refresh.${counter.toString(36)}`;
      refreshTokens.set(refreshToken, { user, scope, revoked: false });
    }
    sessions.set(access, { user, scope, issuedAt: now, ...(refreshToken ? { refreshToken } : {}) });
    return {
      access_token: access,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature: b64url(createHash('sha256').update(access).digest()),
      scope: scope.join(' '),
      instance_url: instanceUrl,
      id: `${instanceUrl}/id/${SALESFORCE_ORG_ID}/${userId(user)}`,
      token_type: 'Bearer',
      issued_at: String(now),
    };
  }

  // --- OAuth ---------------------------------------------------------------------------------------------------

  function authorize(request: ApiRequest, now: number): ApiResponse {
    const q = request.query;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    if (clientId !== SALESFORCE_CONSUMER_KEY) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (!allowedRedirect(redirectUri)) return oauthError(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    const back = (params: Record<string, string>): ApiResponse => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      const state = q.get('state');
      if (state !== null) url.searchParams.set('state', state);
      return { status: 302, headers: { location: url.toString() }, text: '' };
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'response type not supported' });
    const challenge = q.get('code_challenge') ?? undefined;
    const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (!challenge) return back({ error: 'invalid_request', error_description: 'missing required code challenge' });
    if (method !== 'S256') return back({ error: 'invalid_request', error_description: 'invalid code challenge method' });
    const hint = (q.get('login_hint') ?? '').toLowerCase();
    const user = (Object.keys(SALESFORCE_USERS) as SalesforceUserName[]).find((u) => SALESFORCE_USERS[u].username === hint) ?? 'admin';
    const scope = (q.get('scope') ?? 'api refresh_token').split(/[\s+]+/).filter(Boolean);
    counter += 1;
    const code = `aPrx.sandbox.code.${counter.toString(36)}`;
    codes.set(code, { user, challenge, method, redirectUri, scope, issuedAt: now, used: false });
    return back({ code });
  }

  function token(request: ApiRequest, now: number): ApiResponse {
    const form = parseForm(request.rawBody);
    if (form.client_id !== SALESFORCE_CONSUMER_KEY) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (form.grant_type === 'authorization_code') {
      const code = codes.get(form.code ?? '');
      if (!code || code.used || now - code.issuedAt > CODE_LIFETIME_MS) return oauthError(400, 'invalid_grant', 'invalid authorization code');
      if (form.redirect_uri !== code.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri must match configuration');
      if (code.challenge) {
        if (!form.code_verifier) return oauthError(400, 'invalid_grant', 'invalid code verifier');
        if (b64url(createHash('sha256').update(form.code_verifier).digest()) !== code.challenge) return oauthError(400, 'invalid_request', 'invalid code verifier');
      }
      code.used = true;
      return json(200, issue(code.user, code.scope, instanceOf(request), now));
    }
    if (form.grant_type === 'refresh_token') {
      const saved = refreshTokens.get(form.refresh_token ?? '');
      if (!saved || saved.revoked) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
      const instance = instanceOf(request);
      if (config.rotate) {
        saved.revoked = true;
        return json(200, issue(saved.user, saved.scope, instance, now));
      }
      const { refresh_token: _drop, ...fresh } = issue(saved.user, saved.scope, instance, now, form.refresh_token);
      return json(200, fresh);
    }
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }

  function revoke(request: ApiRequest): ApiResponse {
    const form = parseForm(request.rawBody);
    const value = form.token ?? '';
    const refresh = refreshTokens.get(value);
    if (refresh) {
      refresh.revoked = true;
      for (const [access, session] of sessions) if (session.refreshToken === value) sessions.delete(access);
      return { status: 200, text: '' };
    }
    if (sessions.delete(value)) return { status: 200, text: '' };
    return oauthError(400, 'unsupported_token_type', 'this token type is not supported');
  }

  // --- sessions and limits ----------------------------------------------------------------------------------------

  type Auth = { ok: true; session: Session } | { ok: false; response: ApiResponse };

  function authenticate(request: ApiRequest, now: number, forRest: boolean): Auth {
    const access = bearer(request.headers);
    const session = access ? sessions.get(access) : undefined;
    const invalid = (message: string): Auth => ({ ok: false, response: sfError(401, 'INVALID_SESSION_ID', message) });
    if (!session || now - session.issuedAt > config.sessionLifetimeMs) return invalid('Session expired or invalid');
    if (forRest && !session.scope.includes('api') && !session.scope.includes('full')) return invalid('This session is not valid for use with the REST API');
    return { ok: true, session };
  }

  const limitHeader = (now: number): Record<string, string> => ({ 'Sforce-Limit-Info': `api-usage=${api.count(now)}/${config.dailyApiLimit}` });

  // --- records -------------------------------------------------------------------------------------------------

  const recordUrl = (version: string, type: SfType, id: string) => `/services/data/v${version}/sobjects/${type}/${id}`;

  const reader =
    (type: SfType): FieldReader =>
    (record, field) => {
      const [head, tail] = field.split('.', 2);
      if (tail !== undefined) {
        const ref = SF_FIELDS[type].find((d) => d.relationshipName?.toLowerCase() === (head ?? '').toLowerCase());
        if (!ref) return { exists: false, value: undefined };
        const targetId = record[ref.name];
        const target = typeof targetId === 'string' ? store.get(targetId) : undefined;
        const targets = ref.referenceTo ?? [];
        if (!targets.some((t) => fieldDef(t, tail))) return { exists: false, value: undefined };
        const def = target ? fieldDef(target.type, tail) : undefined;
        return { exists: true, value: target && def ? (target.record[def.name] ?? null) : null };
      }
      const def = fieldDef(type, field);
      return def ? { exists: true, value: record[def.name] ?? null } : { exists: false, value: undefined };
    };

  /** A record shaped as the REST API returns it: `attributes`, then the asked fields (relationships nested). */
  function shape(version: string, type: SfType, record: SfRecord, fields?: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type, url: recordUrl(version, type, record.Id) } };
    const names = fields ?? SF_FIELDS[type].map((d) => d.name);
    for (const name of names) {
      const [head, tail] = name.split('.', 2);
      if (tail === undefined) {
        const def = fieldDef(type, name);
        if (def) out[def.name] = record[def.name] ?? null;
        continue;
      }
      const ref = SF_FIELDS[type].find((d) => d.relationshipName?.toLowerCase() === (head ?? '').toLowerCase());
      if (!ref?.relationshipName) continue;
      const targetId = record[ref.name];
      const target = typeof targetId === 'string' ? store.get(targetId) : undefined;
      if (!target) {
        out[ref.relationshipName] = null;
        continue;
      }
      const nested = (out[ref.relationshipName] as Record<string, unknown> | null | undefined) ?? { attributes: { type: target.type, url: recordUrl(version, target.type, target.record.Id) } };
      const def = fieldDef(target.type, tail);
      if (def) nested[def.name] = target.record[def.name] ?? null;
      out[ref.relationshipName] = nested;
    }
    return out;
  }

  function query(version: string, q: string | null): Inner {
    if (!q) return { status: 400, body: [{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }] };
    try {
      const parsed = parseSoql(q);
      const type = SF_TYPES.find((t) => t.toLowerCase() === parsed.object.toLowerCase());
      if (!type) return { status: 400, body: [{ message: `sObject type '${parsed.object}' is not supported.`, errorCode: 'INVALID_TYPE' }] };
      const read = reader(type);
      for (const field of parsed.fields) {
        if (!read({ Id: '' }, field).exists) throw new SoqlError('INVALID_FIELD', `No such column '${field}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
      }
      let rows = [...store.records[type].values()].filter((r) => !parsed.where || evaluate(parsed.where, r, read, type));
      if (parsed.orderBy) {
        const { field, descending } = parsed.orderBy;
        rows.sort((a, b) => {
          const x = String(read(a, field).value ?? '');
          const y = String(read(b, field).value ?? '');
          return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
        });
      }
      const total = rows.length;
      rows = rows.slice(parsed.offset ?? 0, (parsed.offset ?? 0) + (parsed.limit ?? 2000));
      return { status: 200, body: { totalSize: Math.min(total, parsed.limit ?? total), done: true, records: rows.map((r) => shape(version, type, r, parsed.fields)) } };
    } catch (error) {
      if (error instanceof SoqlError) return { status: 400, body: [{ message: error.message, errorCode: error.errorCode }] };
      throw error;
    }
  }

  function search(version: string, q: string | null): Inner {
    try {
      const parsed = parseSosl(q ?? '');
      const searchRecords: Record<string, unknown>[] = [];
      for (const wanted of parsed.returning) {
        const type = SF_TYPES.find((t) => t.toLowerCase() === wanted.object.toLowerCase());
        if (!type) return { status: 400, body: [{ message: `sObject type '${wanted.object}' is not supported.`, errorCode: 'INVALID_TYPE' }] };
        const scopeFields = SF_FIELDS[type].filter((d) =>
          parsed.scope === 'EMAIL' ? d.type === 'email' : parsed.scope === 'PHONE' ? d.type === 'phone' : parsed.scope === 'NAME' ? /Name$|^Company$/.test(d.name) : ['string', 'email', 'phone', 'url', 'textarea'].includes(d.type),
        );
        for (const record of store.records[type].values()) {
          if (scopeFields.some((d) => soslMatches(record[d.name], parsed.term))) searchRecords.push(shape(version, type, record, wanted.fields));
        }
      }
      return { status: 200, body: { searchRecords: searchRecords.slice(0, parsed.limit ?? 2000) } };
    } catch (error) {
      if (error instanceof SoqlError) return { status: 400, body: [{ message: error.message, errorCode: error.errorCode }] };
      throw error;
    }
  }

  function describe(version: string, type: SfType): Inner {
    return {
      status: 200,
      body: {
        name: type,
        label: type,
        keyPrefix: SF_PREFIX[type],
        createable: type !== 'User',
        updateable: type !== 'User',
        queryable: true,
        searchable: true,
        custom: false,
        fields: SF_FIELDS[type].map((d) => ({
          name: d.name,
          label: d.label,
          type: d.type,
          length: d.length,
          nillable: d.nillable,
          createable: d.createable,
          updateable: d.updateable,
          defaultedOnCreate: d.defaultedOnCreate,
          custom: d.custom,
          unique: false,
          relationshipName: d.relationshipName ?? null,
          referenceTo: d.referenceTo ?? [],
          picklistValues: d.picklistValues ?? [],
        })),
        urls: { sobject: `/services/data/v${version}/sobjects/${type}`, describe: `/services/data/v${version}/sobjects/${type}/describe`, rowTemplate: `/services/data/v${version}/sobjects/${type}/{ID}` },
      },
    };
  }

  /** Field checks of a create or update: names, access, types, lengths, references, picklists, the org's rules. */
  function checkWrite(type: SfType, body: unknown, mode: 'create' | 'update', existing?: SfRecord): Inner | Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, body: [{ message: 'Json Deserialization failed on token ... expected an object', errorCode: 'JSON_PARSER_ERROR' }] };
    const values: Record<string, unknown> = {};
    const forbidden: string[] = [];
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === 'attributes') continue;
      const def = fieldDef(type, key);
      if (!def) return { status: 400, body: [{ message: `No such column '${key}' on sobject of type ${type}`, errorCode: 'INVALID_FIELD' }] };
      if (mode === 'create' ? !def.createable : !def.updateable) {
        forbidden.push(def.name);
        continue;
      }
      values[def.name] = value;
    }
    if (forbidden.length > 0) {
      return { status: 400, body: [{ message: `Unable to create/update fields: ${forbidden.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: forbidden }] };
    }
    for (const [name, value] of Object.entries(values)) {
      const def = fieldDef(type, name);
      if (!def || value === null) continue;
      const fail = (errorCode: string, message: string): Inner => ({ status: 400, body: [{ message, errorCode, fields: [name] }] });
      if (typeof value === 'object') return fail('JSON_PARSER_ERROR', `Cannot deserialize instance of ${def.type} from ${Array.isArray(value) ? 'array' : 'object'} value`);
      const text = String(value);
      if (def.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return fail('INVALID_EMAIL_ADDRESS', `${def.label}: invalid email address: ${text}`);
      if (def.length > 0 && text.length > def.length) return fail('STRING_TOO_LONG', `${def.label}: data value too large: ${text.slice(0, 40)} (max length=${def.length})`);
      if (def.type === 'reference') {
        const target = store.get(text);
        if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text)) return fail('MALFORMED_ID', `${def.label}: id value of incorrect type: ${text}`);
        if (!target || !(def.referenceTo ?? []).includes(target.type)) return fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`);
      }
      if (def.type === 'picklist' && def.picklistValues && !def.picklistValues.some((p) => p.value === text)) return fail('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${def.label}: bad value for restricted picklist field: ${text}`);
      if (def.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) return fail('INVALID_TYPE_ON_FIELD_IN_RECORD', `${def.label}: value not of required type: ${text}`);
    }
    const merged = { ...existing, ...values };
    const missing = SF_FIELDS[type].filter((d) => !d.nillable && d.createable && !d.defaultedOnCreate && (merged[d.name] === undefined || merged[d.name] === null || merged[d.name] === '')).map((d) => d.name);
    if (missing.length > 0) return { status: 400, body: [{ message: `Required fields are missing: [${missing.join(', ')}]`, errorCode: 'REQUIRED_FIELD_MISSING', fields: missing }] };
    // The org's own validation rule: phone numbers carry a country code.
    if (type === 'Contact' || type === 'Lead') {
      const bad = ['Phone', 'MobilePhone'].find((n) => typeof values[n] === 'string' && !(values[n] as string).trim().startsWith('+'));
      if (bad) return { status: 400, body: [{ message: 'Phone numbers need a country code, e.g. +1 415 555 0100.', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: [bad] }] };
    }
    return values;
  }

  /** Records the org's duplicate rule for `type` finds for `candidate`. */
  function duplicatesOf(type: SfType, candidate: Record<string, unknown>, except?: string): SfRecord[] {
    if (type !== 'Contact' && type !== 'Lead' && type !== 'Account') return [];
    const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();
    return [...store.records[type].values()].filter((r) => {
      if (r.Id === except) return false;
      if (type === 'Account') return same(r.Name, candidate.Name);
      if (same(r.Email, candidate.Email)) return true;
      const sameName = same(r.FirstName, candidate.FirstName) && same(r.LastName, candidate.LastName);
      return type === 'Contact' ? sameName && same(r.AccountId, candidate.AccountId) : sameName && same(r.Company, candidate.Company);
    });
  }

  function duplicateAnswer(version: string, type: 'Contact' | 'Lead' | 'Account', matches: SfRecord[], allowSave: boolean): Inner {
    const message = "You're creating a duplicate record. We recommend you use an existing record instead.";
    return {
      status: 400,
      body: [
        {
          duplicateResult: {
            allowSave,
            duplicateRule: `Standard_${type}_Duplicate_Rule`,
            duplicateRuleEntityType: type,
            errorMessage: message,
            matchResults: [
              {
                entityType: type,
                errors: [],
                matchEngine: 'ExactMatchEngine',
                matchRecords: matches.map((r) => ({ additionalInformation: [], fieldDiffs: [], matchConfidence: 100.0, record: { attributes: { type, url: recordUrl(version, type, r.Id) }, Id: r.Id } })),
                rule: `Standard_${type}_Match_Rule_v1_1`,
                size: matches.length,
                success: true,
              },
            ],
          },
          errorCode: 'DUPLICATES_DETECTED',
          message,
        },
      ],
    };
  }

  function ruleCheck(version: string, type: SfType, candidate: Record<string, unknown>, headers: Record<string, string>, except?: string): Inner | undefined {
    if (type !== 'Contact' && type !== 'Lead' && type !== 'Account') return undefined;
    const action = config.rules[type];
    if (action === 'off') return undefined;
    const matches = duplicatesOf(type, candidate, except);
    if (matches.length === 0) return undefined;
    const allowSave = /allowSave\s*=\s*true/i.test(headers['sforce-duplicate-rule-header'] ?? '');
    if (action === 'alert' && allowSave) return undefined;
    return duplicateAnswer(version, type, matches, action === 'alert');
  }

  /** A Task on a person or account marks their last activity. */
  function touchActivity(values: Record<string, unknown>, now: number): void {
    const day = typeof values.ActivityDate === 'string' ? values.ActivityDate : new Date(now).toISOString().slice(0, 10);
    for (const key of ['WhoId', 'WhatId']) {
      const target = typeof values[key] === 'string' ? store.get(values[key] as string) : undefined;
      if (target && (target.record.LastActivityDate === null || String(target.record.LastActivityDate) < day)) target.record.LastActivityDate = day;
    }
  }

  function create(version: string, type: SfType, body: unknown, session: Session, headers: Record<string, string>, now: number): Inner {
    if (type === 'User') return { status: 403, body: [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }] };
    if (SALESFORCE_USERS[session.user].readOnly) return { status: 403, body: [{ message: `You do not have access to create ${type} records.`, errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', fields: [] }] };
    const checked = checkWrite(type, body, 'create');
    if ('status' in checked && typeof checked.status === 'number' && 'body' in checked) return checked as Inner;
    const values = checked as Record<string, unknown>;
    const duplicate = ruleCheck(version, type, values, headers);
    if (duplicate) return duplicate;
    const id = store.nextId(type);
    const at = new Date(now).toISOString();
    const record: SfRecord = { ...Object.fromEntries(SF_FIELDS[type].map((d) => [d.name, null])), OwnerId: userId(session.user), CreatedDate: at, LastModifiedDate: at, ...values, Id: id };
    for (const def of SF_FIELDS[type]) {
      const initial = def.picklistValues?.find((p) => p.defaultValue)?.value;
      if (initial && (record[def.name] === null || record[def.name] === undefined)) record[def.name] = initial;
    }
    if (type === 'Lead') record.IsConverted = false;
    store.records[type].set(id, withName(type, record));
    store.created.push({ type, id });
    log.writes += 1;
    if (type === 'Task') touchActivity(record, now);
    return { status: 201, body: { id, success: true, errors: [] }, headers: { Location: recordUrl(version, type, id) } };
  }

  function update(version: string, type: SfType, id: string, body: unknown, session: Session, headers: Record<string, string>, now: number): Inner {
    const found = store.get(id);
    if (!found || found.type !== type) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
    if (SALESFORCE_USERS[session.user].readOnly) return { status: 403, body: [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', fields: [] }] };
    const checked = checkWrite(type, body, 'update', found.record);
    if ('status' in checked && typeof checked.status === 'number' && 'body' in checked) return checked as Inner;
    const values = checked as Record<string, unknown>;
    const duplicate = ruleCheck(version, type, { ...found.record, ...values }, headers, found.record.Id);
    if (duplicate) return duplicate;
    Object.assign(found.record, values, { LastModifiedDate: new Date(now).toISOString() });
    withName(type, found.record);
    log.writes += 1;
    return { status: 204 };
  }

  /** One REST call under `/services/data/vX.Y` (after auth and limits). Shared by direct calls and composite. */
  function rest(method: string, path: string, queryString: URLSearchParams, body: unknown, headers: Record<string, string>, session: Session, now: number, allowComposite: boolean): Inner {
    const match = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(path);
    const version = match?.[1] ?? '';
    if (!match || !config.versions.includes(version)) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
    const rest_ = (match[2] ?? '/').replace(/\/+$/, '') || '/';
    if (method === 'GET' && rest_ === '/') {
      const base = `/services/data/v${version}`;
      return { status: 200, body: { sobjects: `${base}/sobjects`, query: `${base}/query`, search: `${base}/search`, composite: `${base}/composite`, limits: `${base}/limits` } };
    }
    if (method === 'GET' && rest_ === '/limits') {
      return { status: 200, body: { DailyApiRequests: { Max: config.dailyApiLimit, Remaining: Math.max(0, config.dailyApiLimit - api.count(now)) } } };
    }
    if (method === 'GET' && rest_ === '/query') return query(version, queryString.get('q'));
    if (method === 'GET' && rest_ === '/search') return search(version, queryString.get('q'));
    if (method === 'POST' && rest_ === '/composite' && allowComposite) return composite(version, body, headers, session, now);
    const sobject = /^\/sobjects\/([A-Za-z_]+)(?:\/([^/]+))?$/.exec(rest_);
    if (sobject) {
      const type = SF_TYPES.find((t) => t.toLowerCase() === (sobject[1] ?? '').toLowerCase());
      if (!type) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist` }] };
      const segment = sobject[2];
      if (segment === 'describe' && method === 'GET') return describe(version, type);
      if (segment === undefined) {
        if (method === 'POST') return create(version, type, body, session, headers, now);
        return { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed. Allowed are GET,POST` }] };
      }
      const id = decodeURIComponent(segment);
      if (method === 'GET') {
        const found = store.get(id);
        if (!found || found.type !== type) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
        const fields = queryString.get('fields')?.split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = fields?.find((name) => !reader(type)(found.record, name).exists);
        if (unknown) return { status: 400, body: [{ message: `No such column '${unknown}' on sobject of type ${type}`, errorCode: 'INVALID_FIELD' }] };
        return { status: 200, body: shape(version, type, found.record, fields ? ['Id', ...fields] : undefined) };
      }
      if (method === 'PATCH') return update(version, type, id, body, session, headers, now);
      return { status: 405, body: [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed. Allowed are GET,PATCH` }] };
    }
    return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
  }

  function composite(version: string, body: unknown, headers: Record<string, string>, session: Session, now: number): Inner {
    const parsed = compositeSchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: [{ message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), errorCode: 'JSON_PARSER_ERROR' }] };
    const { allOrNone = false, compositeRequest } = parsed.data;
    if (compositeRequest.length > MAX_SUBREQUESTS) return { status: 400, body: [{ message: `Limit exceeded: at most ${MAX_SUBREQUESTS} subrequests`, errorCode: 'LIMIT_EXCEEDED' }] };
    const saved = allOrNone ? store.snapshot() : undefined;
    const writesBefore = log.writes;
    const results = new Map<string, Inner>();
    const out: { body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }[] = [];
    let failed = false;
    for (const sub of compositeRequest) {
      let resolved: { url: string; body: unknown } | undefined;
      let missing: string | undefined;
      const substitute = (text: string) =>
        text.replace(/@\{([A-Za-z0-9_]+)\.([^}]+)\}/g, (whole, ref: string, path: string) => {
          const source = results.get(ref);
          let value: unknown = source && source.status < 400 ? source.body : undefined;
          for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) value = (value as Record<string, unknown> | undefined)?.[part];
          if (value === undefined || value === null) {
            missing = `${ref}.${path}`;
            return whole;
          }
          return String(value);
        });
      const url = substitute(sub.url);
      const subBody = sub.body === undefined ? undefined : (JSON.parse(substitute(JSON.stringify(sub.body))) as unknown);
      if (!missing) resolved = { url, body: subBody };
      let result: Inner;
      if (failed && allOrNone) result = { status: 400, body: [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }] };
      else if (!resolved) result = { status: 400, body: [{ errorCode: 'PROCESSING_HALTED', message: `Invalid reference specified. No value for ${missing ?? ''} found in ${sub.referenceId}.` }] };
      else {
        const target = new URL(resolved.url, 'http://composite.invalid');
        const subHeaders = { ...headers, ...Object.fromEntries(Object.entries(sub.httpHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])) };
        result = rest(sub.method, target.pathname, target.searchParams, resolved.body, subHeaders, session, now, false);
      }
      if (result.status >= 400) failed = true;
      results.set(sub.referenceId, result);
      out.push({ body: result.body ?? null, httpHeaders: result.headers ?? {}, httpStatusCode: result.status, referenceId: sub.referenceId });
    }
    if (failed && saved) {
      store.restore(saved);
      log.writes = writesBefore;
      for (const entry of out) {
        if (entry.httpStatusCode < 400) Object.assign(entry, { httpStatusCode: 400, httpHeaders: {}, body: [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }] });
      }
    }
    return { status: 200, body: { compositeResponse: out } };
  }

  function toResponse(inner: Inner, extra: Record<string, string>): ApiResponse {
    const headers = { ...extra, ...inner.headers };
    if (inner.status === 204 || inner.body === undefined) return { status: inner.status, headers, text: '' };
    return json(inner.status, inner.body, headers);
  }

  function dispatch(request: ApiRequest, now: number): { response: ApiResponse; account?: string } {
    const { method, path } = request;
    if (path === '/services/oauth2/authorize' && method === 'GET') return { response: authorize(request, now) };
    if (path === '/services/oauth2/token' && method === 'POST') return { response: token(request, now) };
    if (path === '/services/oauth2/revoke' && method === 'POST') return { response: revoke(request) };
    if (path === '/services/oauth2/userinfo' && method === 'GET') {
      const auth = authenticate(request, now, false);
      if (!auth.ok) return { response: auth.response };
      const user = SALESFORCE_USERS[auth.session.user];
      const instance = instanceOf(request);
      return {
        response: json(200, {
          sub: `${instance}/id/${SALESFORCE_ORG_ID}/${user.id}`,
          user_id: user.id,
          organization_id: SALESFORCE_ORG_ID,
          preferred_username: user.username,
          nickname: user.username.split('@')[0],
          name: user.name,
          email: user.username,
          email_verified: true,
          zoneinfo: 'America/Los_Angeles',
          locale: 'en_US',
          language: 'en_US',
          active: true,
          user_type: 'STANDARD',
          is_app_installed: true,
          urls: { rest: `${instance}/services/data/v{version}/`, sobjects: `${instance}/services/data/v{version}/sobjects/`, query: `${instance}/services/data/v{version}/query/` },
          updated_at: '2025-01-15T00:00:00Z',
        }),
        account: auth.session.user,
      };
    }
    if (method === 'GET' && /^\/services\/data\/?$/.test(path)) {
      return { response: json(200, config.versions.map((version) => ({ label: VERSION_LABELS[version] ?? `v${version}`, url: `/services/data/v${version}`, version }))) };
    }
    if (!path.startsWith('/services/data/')) return { response: sfError(404, 'NOT_FOUND', 'The requested resource does not exist') };

    const auth = authenticate(request, now, true);
    if (!auth.ok) return { response: auth.response };
    if (api.isFull(now)) return { response: { ...sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers: limitHeader(now) }, account: auth.session.user };
    api.record(now);
    let body: unknown;
    if (request.rawBody.trim() !== '') {
      const parsed = parseJson(request.rawBody);
      if (!parsed.ok) return { response: { ...sfError(400, 'JSON_PARSER_ERROR', 'Unexpected character in JSON'), headers: limitHeader(now) }, account: auth.session.user };
      body = parsed.value;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? (v[0] ?? '') : (v ?? '')]));
    const inner = rest(method, path, request.query, body, headers, auth.session, now, true);
    return { response: toResponse(inner, limitHeader(now)), account: auth.session.user };
  }

  return {
    handle(request) {
      const now = options.now();
      const { response, account } = dispatch(request, now);
      log.add(request, response.status, now, account);
      return response;
    },
    reset() {
      store = new SalesforceStore(options.dataset);
      api = new SlidingWindow(config.dailyApiLimit, DAY_MS);
      sessions = new Map();
      refreshTokens = new Map();
      codes = new Map();
      log.clear();
    },
    snapshot() {
      const now = options.now();
      return { records: store.counts(), created: [...store.created], requests: log.list(), writes: log.writes, apiUsed: api.count(now), apiLimit: config.dailyApiLimit };
    },
    issueTokens(user, instanceUrl, scope = 'api refresh_token') {
      return issue(user, scope.split(/\s+/).filter(Boolean), instanceUrl.replace(/\/+$/, ''), options.now());
    },
    store: () => store,
  };
}

/** Salesforce's error body for a status, for `status` faults on `/services/…`. */
export function salesforceFaultBody(status: number): { body: unknown; headers?: Record<string, string> } {
  const one = (errorCode: string, message: string, fields?: string[]) => ({ body: [{ message, errorCode, ...(fields ? { fields } : {}) }] });
  switch (status) {
    case 400:
      return one('REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName']);
    case 401:
      return one('INVALID_SESSION_ID', 'Session expired or invalid');
    case 403:
      return { ...one('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers: { 'Sforce-Limit-Info': 'api-usage=15000/15000' } };
    case 404:
      return one('NOT_FOUND', 'The requested resource does not exist');
    case 503:
      return one('SERVER_UNAVAILABLE', 'Server is unavailable, please try again later.');
    default:
      return one(status >= 500 ? 'UNKNOWN_EXCEPTION' : 'BAD_REQUEST', status >= 500 ? 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-123456789)' : `HTTP ${status}`);
  }
}

/** The PKCE challenge of a verifier (S256), as the stand-in checks it. Exposed for tests. */
export function pkceChallenge(verifier: string): string {
  return b64url(createHash('sha256').update(verifier).digest());
}

