/**
 * The HubSpot stand-in (docs/crm.md §1 and §7): CRM objects under both `/crm/v3/objects` and `/crm/objects/2026-03`,
 * v4 associations, properties, owners, account info and token introspection; Bearer private-app tokens with
 * scopes; burst, daily and search limits with `X-HubSpot-RateLimit-*` headers and the 429 `policyName` body; the
 * 409 "Existing ID" duplicate; and a search index that lags writes by `indexDelayMs`. See README.md ("HubSpot").
 */
import { z } from 'zod';
import type { SandboxDataset } from '../dataset-types';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { SlidingWindow } from '../rate-limit';
import { bearer, createIdSource, parseForm, StandInLog } from './common';
import { HUBSPOT_ALL_SCOPES, HUBSPOT_TOKENS, type HubSpotTokenName } from './accounts';
import {
  associationType,
  current,
  defaultAssociation,
  DEFAULT_PROPERTIES,
  filterHolds,
  HS_TYPE_IDS,
  hsType,
  HubSpotStore,
  PROPERTY_DEFS,
  type HsObject,
  type HsType,
} from './hubspot-store';

export interface HubSpotStandInOptions {
  /** How long a write stays invisible to search. Default 5000 ms (HubSpot: "up to 30 s" by third-party reports). */
  indexDelayMs?: number;
  /** Requests per rolling 10 s per token (private apps: 100 Free/Starter, 190 Pro/Enterprise). Default 100. */
  burstLimit?: number;
  /** Requests per day (midnight in the portal's time zone). Default 250 000 (Free/Starter). */
  dailyLimit?: number;
  /** Search requests per second per token. Default 4. */
  searchPerSecond?: number;
  /** Filter groups per search. Default 5 (changelog 2024-08; the spec text says 6). */
  maxFilterGroups?: number;
}

export interface HubSpotStateSnapshot {
  records: Record<HsType, number>;
  created: ReturnType<HubSpotStore['created']>;
  requests: ReturnType<StandInLog['list']>;
  writes: number;
  dailyUsed: number;
}

export interface HubSpotStandIn {
  handle(request: ApiRequest): ApiResponse;
  reset(): void;
  snapshot(): HubSpotStateSnapshot;
  /** The store, for tests that need to look inside. */
  store(): HubSpotStore;
}

interface Portal {
  portalId: number;
  uiDomain: string;
  dataHostingLocation: string;
  timeZone: string;
  utcOffset: string;
  utcOffsetMilliseconds: number;
}

const NA: Portal = { portalId: 24400001, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1', timeZone: 'America/New_York', utcOffset: '-05:00', utcOffsetMilliseconds: -18_000_000 };
const EU: Portal = { portalId: 24400002, uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1', timeZone: 'Europe/Berlin', utcOffset: '+01:00', utcOffsetMilliseconds: 3_600_000 };

interface TokenConfig {
  portal: Portal;
  scopes: readonly string[];
  failure?: 'expired' | 'revoked';
  userId: number;
  user: string;
}

const TOKENS: Record<HubSpotTokenName, TokenConfig> = {
  valid: { portal: NA, scopes: HUBSPOT_ALL_SCOPES, userId: 3300001, user: 'morgan.reyes@sidecar-sandbox.example' },
  eu: { portal: EU, scopes: HUBSPOT_ALL_SCOPES, userId: 3300001, user: 'morgan.reyes@sidecar-sandbox.example' },
  readOnly: { portal: NA, scopes: ['crm.objects.contacts.read', 'crm.objects.companies.read'], userId: 3300002, user: 'sam.okafor@sidecar-sandbox.example' },
  expired: { portal: NA, scopes: HUBSPOT_ALL_SCOPES, failure: 'expired', userId: 3300001, user: 'morgan.reyes@sidecar-sandbox.example' },
  revoked: { portal: NA, scopes: HUBSPOT_ALL_SCOPES, failure: 'revoked', userId: 3300001, user: 'morgan.reyes@sidecar-sandbox.example' },
};

const tokenNameOf = (token: string): HubSpotTokenName | undefined =>
  (Object.keys(HUBSPOT_TOKENS) as HubSpotTokenName[]).find((name) => HUBSPOT_TOKENS[name] === token);

/** A day counter that rolls over at midnight `offsetMs` east of UTC. */
class DailyCounter {
  used = 0;
  private day = Number.NaN;
  constructor(
    readonly limit: number,
    private readonly offsetMs: number,
  ) {}
  private roll(now: number): void {
    const day = Math.floor((now + this.offsetMs) / 86_400_000);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
  }
  isFull(now: number): boolean {
    this.roll(now);
    return this.used >= this.limit;
  }
  record(now: number): void {
    this.roll(now);
    this.used += 1;
  }
  remaining(now: number): number {
    this.roll(now);
    return Math.max(0, this.limit - this.used);
  }
  resetsAt(now: number): number {
    this.roll(now);
    return (this.day + 1) * 86_400_000 - this.offsetMs;
  }
}

interface Limits {
  burst: SlidingWindow;
  search: SlidingWindow;
  daily: DailyCounter;
}

// --- request bodies --------------------------------------------------------------------------------------------

const associationInputSchema = z.object({
  to: z.object({ id: z.string() }),
  types: z.array(z.object({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'INTEGRATOR_DEFINED', 'USER_DEFINED', 'WORK']), associationTypeId: z.number().int() })).min(1),
});
const createBodySchema = z.object({
  properties: z.record(z.string(), z.string()),
  associations: z.array(associationInputSchema).optional(),
});
const patchBodySchema = z.object({ properties: z.record(z.string(), z.string()) });
const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(['BETWEEN', 'CONTAINS_TOKEN', 'EQ', 'GT', 'GTE', 'HAS_PROPERTY', 'IN', 'LT', 'LTE', 'NEQ', 'NOT_CONTAINS_TOKEN', 'NOT_HAS_PROPERTY', 'NOT_IN']),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  highValue: z.string().optional(),
});
const searchBodySchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().optional(),
  after: z.string().optional(),
  sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) })])).optional(),
  query: z.string().max(3000).optional(),
});
const labelsBodySchema = z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })).min(1);

// --- routes ------------------------------------------------------------------------------------------------------

const OBJECT = /^\/crm\/(?:v3\/objects|objects\/2026-03)\/([^/]+)(?:\/([^/]+))?\/?$/;
const ASSOC_DEFAULT = /^\/crm\/(?:v4\/objects|objects\/2026-03)\/([^/]+)\/([^/]+)\/associations\/default\/([^/]+)\/([^/]+)\/?$/;
const ASSOC_LABELLED = /^\/crm\/(?:v4\/objects|objects\/2026-03)\/([^/]+)\/([^/]+)\/associations\/([^/]+)\/([^/]+)\/?$/;
const ASSOC_LIST = /^\/crm\/(?:v4\/objects|objects\/2026-03)\/([^/]+)\/([^/]+)\/associations\/([^/]+)\/?$/;
const PROPERTY = /^\/crm\/v3\/properties\/([^/]+)\/([^/]+)\/?$/;
const OWNER = /^\/crm\/v3\/owners\/([^/]+)\/?$/;

const decode = (segment: string | undefined): string => {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
};

/** Path prefixes the HubSpot stand-in answers (for dispatch and fault bodies). */
export const HUBSPOT_PREFIXES = ['/crm/', '/account-info/', '/oauth/'] as const;

const SEARCH_LIMIT_MAX = 200;
const FILTERS_PER_GROUP = 10;
const FILTERS_TOTAL = 25;
const NOTE_BODY_MAX = 65_536;

export function createHubSpotStandIn(options: HubSpotStandInOptions & { dataset: SandboxDataset; now: () => number }): HubSpotStandIn {
  const config = {
    indexDelayMs: options.indexDelayMs ?? 5000,
    burstLimit: options.burstLimit ?? 100,
    dailyLimit: options.dailyLimit ?? 250_000,
    searchPerSecond: options.searchPerSecond ?? 4,
    maxFilterGroups: options.maxFilterGroups ?? 5,
  };
  const ids = createIdSource(0x4b5b07);
  const log = new StandInLog();
  let store = new HubSpotStore(options.dataset);
  let limits = new Map<HubSpotTokenName, Limits>();

  const limitsOf = (name: HubSpotTokenName): Limits => {
    let found = limits.get(name);
    if (!found) {
      found = { burst: new SlidingWindow(config.burstLimit, 10_000), search: new SlidingWindow(config.searchPerSecond, 1000), daily: new DailyCounter(config.dailyLimit, TOKENS[name].portal.utcOffsetMilliseconds) };
      limits.set(name, found);
    }
    return found;
  };

  const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): ApiResponse =>
    json(status, { status: 'error', message, correlationId: ids.uuid(), category, ...extra }, headers);

  /** A VALIDATION_ERROR naming invalid properties the way HubSpot's v3 object endpoints do. */
  const invalidProperties = (items: { name: string; error: string; message: string }[]): ApiResponse =>
    error(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: ${JSON.stringify(items.map((i) => ({ isValid: false, message: i.message, error: i.error, name: i.name, localizedErrorMessage: i.message })))}`,
    );

  const badInput = (issues: z.core.$ZodIssue[]): ApiResponse =>
    error(400, 'VALIDATION_ERROR', `Invalid input JSON: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);

  const missingScopes = (scopes: string[]): ApiResponse =>
    error(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: scopes } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    });

  const notFound = (): ApiResponse => error(404, 'OBJECT_NOT_FOUND', 'resource not found');

  function rateHeaders(name: HubSpotTokenName, now: number, search: boolean): Record<string, string> {
    const l = limitsOf(name);
    const out: Record<string, string> = {
      'X-HubSpot-RateLimit-Daily': String(config.dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(l.daily.remaining(now)),
    };
    if (!search) {
      const remaining = Math.max(0, config.burstLimit - l.burst.count(now));
      out['X-HubSpot-RateLimit-Interval-Milliseconds'] = '10000';
      out['X-HubSpot-RateLimit-Max'] = String(config.burstLimit);
      out['X-HubSpot-RateLimit-Remaining'] = String(remaining);
      out['X-HubSpot-RateLimit-Secondly'] = String(Math.floor(config.burstLimit / 10));
      out['X-HubSpot-RateLimit-Secondly-Remaining'] = String(Math.min(Math.floor(config.burstLimit / 10), remaining));
    }
    return out;
  }

  const rateLimited = (policyName: string, message: string, headers: Record<string, string>): ApiResponse =>
    json(429, { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: ids.uuid(), policyName, requestId: ids.uuid() }, headers);

  // --- object views --------------------------------------------------------------------------------------------

  function view(object: HsObject, requested: string[] | undefined, withAssociations: HsType[] = []): Record<string, unknown> {
    const props = current(object);
    const names = requested && requested.length > 0 ? [...new Set([...requested, 'hs_object_id', ...DEFAULT_PROPERTIES[object.type].filter((p) => /date|hs_object_id/.test(p))])] : DEFAULT_PROPERTIES[object.type];
    const properties = Object.fromEntries(names.filter((n) => n in PROPERTY_DEFS[object.type]).map((n) => [n, props[n] ?? null]));
    const out: Record<string, unknown> = { id: object.id, properties, createdAt: new Date(object.createdAt).toISOString(), updatedAt: new Date(object.updatedAt).toISOString(), archived: false };
    const associations: Record<string, unknown> = {};
    for (const type of withAssociations) {
      const found = store.associationsOf(object.type, object.id, type);
      if (found.size === 0) continue;
      const single = object.type.replace(/s$/, '').replace(/ie$/, 'y');
      const other = type.replace(/ies$/, 'y').replace(/s$/, '');
      associations[type] = { results: [...found.entries()].flatMap(([id, typeIds]) => typeIds.map((typeId) => ({ id, type: typeId === 1 || typeId === 2 ? `${single}_to_${other}` : `${single}_to_${other}_unlabeled` }))) };
    }
    if (Object.keys(associations).length > 0) out.associations = associations;
    return out;
  }

  /** All current properties (create and PATCH answers). */
  const fullView = (object: HsObject): Record<string, unknown> => view(object, Object.keys(current(object)));

  // --- validation ----------------------------------------------------------------------------------------------

  function checkProperties(type: HsType, properties: Record<string, string>, forCreate: boolean): ApiResponse | undefined {
    const problems: { name: string; error: string; message: string }[] = [];
    for (const [name, value] of Object.entries(properties)) {
      const def = PROPERTY_DEFS[type][name];
      if (!def) problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      else if (def.readOnly) problems.push({ name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.` });
      else if (name === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) problems.push({ name, error: 'INVALID_EMAIL', message: `Email address ${value} is invalid` });
      else if (name === 'hs_timestamp' && value !== '' && !/^\d{10,}$/.test(value) && Number.isNaN(Date.parse(value))) problems.push({ name, error: 'INVALID_DATE', message: `${value} is not a valid date` });
      else if (name === 'hs_note_body' && value.length > NOTE_BODY_MAX) problems.push({ name, error: 'INVALID_STRING_LENGTH', message: `hs_note_body may hold at most ${NOTE_BODY_MAX} characters` });
    }
    if (type === 'notes' && forCreate && !properties.hs_timestamp) problems.push({ name: 'hs_timestamp', error: 'REQUIRED_PROPERTY', message: 'hs_timestamp is required' });
    return problems.length > 0 ? invalidProperties(problems) : undefined;
  }

  function duplicateOf(type: HsType, properties: Record<string, string>, except?: HsObject): ApiResponse | undefined {
    if (type !== 'contacts' || !properties.email) return undefined;
    const existing = store.contactByEmail(properties.email);
    if (!existing || existing === except) return undefined;
    return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
  }

  // --- handlers ------------------------------------------------------------------------------------------------

  function resolve(type: HsType, idOrValue: string, idProperty: string | null): HsObject | undefined {
    if (!idProperty || idProperty === 'hs_object_id') return store.objects[type].get(idOrValue);
    if (type === 'contacts' && idProperty === 'email') return store.contactByEmail(idOrValue);
    return undefined;
  }

  function search(type: HsType, body: unknown, now: number): ApiResponse {
    const parsed = searchBodySchema.safeParse(body);
    if (!parsed.success) return badInput(parsed.error.issues);
    const { filterGroups = [], properties, limit = 10, after, sorts = [] } = parsed.data;
    if (filterGroups.length > config.maxFilterGroups) return error(400, 'VALIDATION_ERROR', `Too many filter groups: ${filterGroups.length} (at most ${config.maxFilterGroups})`);
    const total = filterGroups.reduce((n, g) => n + g.filters.length, 0);
    if (filterGroups.some((g) => g.filters.length > FILTERS_PER_GROUP) || total > FILTERS_TOTAL) {
      return error(400, 'VALIDATION_ERROR', `Too many filters: at most ${FILTERS_PER_GROUP} per group and ${FILTERS_TOTAL} in all`);
    }
    if (limit < 0 || limit > SEARCH_LIMIT_MAX) return error(400, 'VALIDATION_ERROR', `limit must be between 0 and ${SEARCH_LIMIT_MAX}`);
    for (const filter of filterGroups.flatMap((g) => g.filters)) {
      if (!(filter.propertyName in PROPERTY_DEFS[type])) return error(400, 'VALIDATION_ERROR', `There was a problem with the request. Property ${filter.propertyName} does not exist.`);
      if ((filter.operator === 'IN' || filter.operator === 'NOT_IN') && !filter.values) return error(400, 'VALIDATION_ERROR', `${filter.operator} needs values`);
    }
    const hits: { object: HsObject; props: Record<string, string> }[] = [];
    for (const object of store.objects[type].values()) {
      const props = store.indexed(object, now, config.indexDelayMs);
      if (!props) continue;
      const matches = filterGroups.length === 0 || filterGroups.some((g) => g.filters.every((f) => filterHolds(f, props)));
      if (matches) hits.push({ object, props });
    }
    const sort = sorts[0];
    const sortProp = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName;
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    hits.sort((a, b) => {
      if (!sortProp) return Number(a.object.id) - Number(b.object.id);
      const x = a.props[sortProp] ?? '';
      const y = b.props[sortProp] ?? '';
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
    const offset = Math.max(0, Number(after ?? '0') || 0);
    const page = hits.slice(offset, offset + limit);
    const results = page.map(({ object, props }) => {
      const names = properties && properties.length > 0 ? [...new Set([...properties, ...DEFAULT_PROPERTIES[type].filter((p) => /date|hs_object_id/.test(p))])] : DEFAULT_PROPERTIES[type];
      return { id: object.id, properties: Object.fromEntries(names.filter((n) => n in PROPERTY_DEFS[type]).map((n) => [n, props[n] ?? null])), createdAt: new Date(object.createdAt).toISOString(), updatedAt: new Date(object.updatedAt).toISOString(), archived: false };
    });
    const next = offset + limit < hits.length ? String(offset + limit) : undefined;
    return json(200, { total: hits.length, results, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) });
  }

  function create(type: HsType, body: unknown, now: number): ApiResponse {
    const parsed = createBodySchema.safeParse(body);
    if (!parsed.success) return badInput(parsed.error.issues);
    const { properties, associations = [] } = parsed.data;
    const invalid = checkProperties(type, properties, true);
    if (invalid) return invalid;
    const duplicate = duplicateOf(type, properties);
    if (duplicate) return duplicate;
    const links: { toType: HsType; toId: string; typeId: number }[] = [];
    for (const association of associations) {
      for (const spec of association.types) {
        const target = (['contacts', 'companies', 'notes'] as const).find(
          (t) => t !== type && store.objects[t].has(association.to.id) && associationType(type, t, spec.associationTypeId),
        );
        if (!target) return error(400, 'VALIDATION_ERROR', `One or more associations are invalid: ${association.to.id} with type ${spec.associationTypeId}`, { subCategory: 'crm.associations.INVALID_ASSOCIATION' });
        links.push({ toType: target, toId: association.to.id, typeId: spec.associationTypeId });
      }
    }
    const object = store.create(type, properties, now);
    for (const link of links) store.associate(type, object.id, link.toType, link.toId, link.typeId, now);
    if (type === 'notes') {
      for (const link of links) {
        const target = store.objects[link.toType].get(link.toId);
        if (target) store.update(target, { notes_last_updated: new Date(now).toISOString() }, now);
      }
    }
    return json(201, fullView(store.objects[type].get(object.id) ?? object));
  }

  function patch(object: HsObject, body: unknown, now: number): ApiResponse {
    const parsed = patchBodySchema.safeParse(body);
    if (!parsed.success) return badInput(parsed.error.issues);
    const invalid = checkProperties(object.type, parsed.data.properties, false);
    if (invalid) return invalid;
    const duplicate = duplicateOf(object.type, parsed.data.properties, object);
    if (duplicate) return duplicate;
    store.update(object, parsed.data.properties, now);
    return json(200, view(object, [...Object.keys(parsed.data.properties), ...DEFAULT_PROPERTIES[object.type]]));
  }

  function putDefault(fromType: HsType, fromId: string, toType: HsType, toId: string, now: number): ApiResponse {
    const from = store.objects[fromType].get(fromId);
    const to = store.objects[toType].get(toId);
    const typeId = defaultAssociation(fromType, toType);
    if (!from || !to || typeId === undefined) return notFound();
    store.associate(fromType, fromId, toType, toId, typeId, now);
    const inverse = associationType(fromType, toType, typeId)?.inverse ?? typeId;
    const at = new Date(now).toISOString();
    return json(200, {
      status: 'COMPLETE',
      results: [
        { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } },
        { from: { id: toId }, to: { id: fromId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: inverse } },
      ],
      startedAt: at,
      completedAt: at,
    });
  }

  function putLabelled(fromType: HsType, fromId: string, toType: HsType, toId: string, body: unknown, now: number): ApiResponse {
    const parsed = labelsBodySchema.safeParse(body);
    if (!parsed.success) return badInput(parsed.error.issues);
    if (!store.objects[fromType].has(fromId) || !store.objects[toType].has(toId)) return notFound();
    const labels: string[] = [];
    for (const spec of parsed.data) {
      const type = associationType(fromType, toType, spec.associationTypeId);
      if (!type) return error(400, 'VALIDATION_ERROR', `association type ${spec.associationTypeId} is not valid between ${fromType} and ${toType}`);
      store.associate(fromType, fromId, toType, toId, spec.associationTypeId, now);
      if (type.label) labels.push(type.label);
    }
    return json(201, { fromObjectTypeId: HS_TYPE_IDS[fromType], fromObjectId: fromId, toObjectTypeId: HS_TYPE_IDS[toType], toObjectId: toId, labels });
  }

  function listAssociations(fromType: HsType, fromId: string, toType: HsType): ApiResponse {
    if (!store.objects[fromType].has(fromId)) return notFound();
    const found = store.associationsOf(fromType, fromId, toType);
    return json(200, {
      results: [...found.entries()].map(([toObjectId, typeIds]) => ({
        toObjectId,
        associationTypes: typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: associationType(fromType, toType, typeId)?.label ?? null })),
      })),
    });
  }

  function property(type: HsType, name: string): ApiResponse {
    const def = PROPERTY_DEFS[type][name];
    if (!def) return error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name}`);
    return json(200, {
      name,
      label: def.label,
      type: /date|timestamp/.test(name) ? 'datetime' : 'string',
      fieldType: /date|timestamp/.test(name) ? 'date' : 'text',
      description: '',
      groupName: def.group,
      options: [],
      hubspotDefined: true,
      hasUniqueValue: name === 'email',
      formField: !def.readOnly,
      modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: def.readOnly === true },
    });
  }

  function introspect(request: ApiRequest, now: number): ApiResponse {
    const form = parseForm(request.rawBody);
    const name = form.token ? tokenNameOf(form.token) : undefined;
    const token = name ? TOKENS[name] : undefined;
    if (!name || !token || token.failure) {
      return json(400, { status: 'BAD_REQUEST', message: 'token is invalid, expired or revoked', correlationId: ids.uuid(), category: 'BAD_REQUEST', error: 'invalid_token', error_description: 'token is invalid, expired or revoked' });
    }
    const scopes = [...token.scopes];
    return json(200, {
      active: true,
      app_id: 4100001,
      client_id: '00000000-0000-4000-8000-00000000c11e',
      expires_in: 0,
      hub_id: token.portal.portalId,
      hub_domain: `${token.portal.portalId}.hubspot.com`,
      is_private_distribution: true,
      scopes,
      signed_access_token: {
        appId: 4100001,
        appInstallId: 'sandbox-install',
        audience: 'sandbox',
        expiresAt: now + 86_400_000,
        hubId: token.portal.portalId,
        hublet: token.portal.dataHostingLocation,
        installingUserId: token.userId,
        isPrivateDistribution: true,
        isServiceAccount: false,
        isUserLevel: false,
        newSignature: 'sandbox',
        scopeToScopeGroupPks: '',
        scopes: scopes.join(' '),
        signature: 'sandbox',
        trialScopeToScopeGroupPks: '',
        trialScopes: '',
        userId: token.userId,
      },
      token: form.token,
      token_type: 'bearer',
      token_use: 'access_token',
      user: token.user,
      user_id: token.userId,
    });
  }

  /** The scope a route needs, or undefined when any valid token may call it. */
  function requiredScope(method: string, path: string): string | undefined {
    const object = OBJECT.exec(path);
    if (object) {
      const type = hsType(decode(object[1]));
      const write = method !== 'GET' && !(method === 'POST' && object[2] === 'search');
      const base = type === 'companies' ? 'crm.objects.companies' : 'crm.objects.contacts';
      return `${base}.${write ? 'write' : 'read'}`;
    }
    const assoc = ASSOC_DEFAULT.exec(path) ?? ASSOC_LABELLED.exec(path) ?? ASSOC_LIST.exec(path);
    if (assoc) return method === 'GET' ? 'crm.objects.contacts.read' : 'crm.objects.contacts.write|crm.objects.companies.write';
    if (PROPERTY.test(path)) return 'crm.objects.contacts.read|crm.schemas.contacts.read';
    if (OWNER.test(path)) return 'crm.objects.owners.read';
    return undefined;
  }

  function route(request: ApiRequest, name: HubSpotTokenName, now: number): ApiResponse {
    const { method, path } = request;
    const token = TOKENS[name];
    if (method === 'GET' && path === '/account-info/v3/details') {
      const p = token.portal;
      return json(200, { portalId: p.portalId, accountType: 'STANDARD', timeZone: p.timeZone, companyCurrency: 'USD', additionalCurrencies: [], utcOffset: p.utcOffset, utcOffsetMilliseconds: p.utcOffsetMilliseconds, uiDomain: p.uiDomain, dataHostingLocation: p.dataHostingLocation });
    }
    if (method === 'GET' && path === '/account-info/v3/api-usage/daily/private-apps') {
      const daily = limitsOf(name).daily;
      return json(200, { results: [{ name: 'private-apps-api-calls-daily', usageLimit: config.dailyLimit, currentUsage: daily.used, collectedAt: new Date(now).toISOString(), resetsAt: new Date(daily.resetsAt(now)).toISOString(), fetchStatus: 'SUCCESS' }] });
    }
    const body = parseJson(request.rawBody);
    if (!body.ok) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
    const object = OBJECT.exec(path);
    if (object) {
      const type = hsType(decode(object[1]));
      if (!type) return notFound();
      const segment = object[2] === undefined ? undefined : decode(object[2]);
      if (segment === undefined) return method === 'POST' ? create(type, body.value, now) : notFound();
      if (segment === 'search' && method === 'POST') return search(type, body.value, now);
      const found = resolve(type, segment, request.query.get('idProperty'));
      if (!found) return notFound();
      if (method === 'GET') {
        const requested = request.query.get('properties')?.split(',').map((p) => p.trim()).filter(Boolean);
        const associations = (request.query.get('associations') ?? '').split(',').map((t) => hsType(t.trim())).filter((t): t is HsType => t !== undefined);
        return json(200, view(found, requested, associations));
      }
      if (method === 'PATCH') return patch(found, body.value, now);
      return json(405, { status: 'error', message: `Method ${method} not allowed`, correlationId: ids.uuid(), category: 'METHOD_NOT_ALLOWED' });
    }
    const assocDefault = method === 'PUT' ? ASSOC_DEFAULT.exec(path) : null;
    if (assocDefault) {
      const from = hsType(decode(assocDefault[1]));
      const to = hsType(decode(assocDefault[3]));
      return from && to ? putDefault(from, decode(assocDefault[2]), to, decode(assocDefault[4]), now) : notFound();
    }
    const labelled = method === 'PUT' ? ASSOC_LABELLED.exec(path) : null;
    if (labelled) {
      const from = hsType(decode(labelled[1]));
      const to = hsType(decode(labelled[3]));
      return from && to ? putLabelled(from, decode(labelled[2]), to, decode(labelled[4]), body.value, now) : notFound();
    }
    const list = method === 'GET' ? ASSOC_LIST.exec(path) : null;
    if (list) {
      const from = hsType(decode(list[1]));
      const to = hsType(decode(list[3]));
      return from && to ? listAssociations(from, decode(list[2]), to) : notFound();
    }
    const prop = method === 'GET' ? PROPERTY.exec(path) : null;
    if (prop) {
      const type = hsType(decode(prop[1]));
      return type ? property(type, decode(prop[2])) : notFound();
    }
    const owner = method === 'GET' ? OWNER.exec(path) : null;
    if (owner) {
      const found = store.owners.find((o) => o.id === decode(owner[1]));
      if (!found) return notFound();
      const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
      return json(200, { ...found, createdAt: at, updatedAt: at, archived: false });
    }
    return notFound();
  }

  function dispatch(request: ApiRequest, now: number): { response: ApiResponse; name?: HubSpotTokenName; write: boolean } {
    if (request.method === 'POST' && request.path === '/oauth/2026-03/token/introspect') return { response: introspect(request, now), write: false };
    if (request.path.startsWith('/oauth/')) return { response: notFound(), write: false };
    const token = bearer(request.headers);
    const name = token ? tokenNameOf(token) : undefined;
    if (!name) {
      return {
        response: error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'),
        write: false,
      };
    }
    const config_ = TOKENS[name];
    if (config_.failure === 'expired') return { response: error(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 2 second(s) ago.'), name, write: false };
    if (config_.failure === 'revoked') return { response: error(401, 'INVALID_AUTHENTICATION', 'The access token provided is invalid or has been revoked.'), name, write: false };

    const l = limitsOf(name);
    const isSearch = request.method === 'POST' && /\/search\/?$/.test(request.path);
    if (l.daily.isFull(now)) return { response: rateLimited('DAILY', 'You have reached your daily limit.', rateHeaders(name, now, isSearch)), name, write: false };
    if (isSearch && l.search.isFull(now)) {
      return { response: rateLimited('SECONDLY', 'You have reached your secondly limit.', { ...rateHeaders(name, now, true), 'Retry-After': '1' }), name, write: false };
    }
    if (!isSearch && l.burst.isFull(now)) {
      return { response: rateLimited('TEN_SECONDLY_ROLLING', 'You have reached your ten_secondly_rolling limit.', { ...rateHeaders(name, now, false), 'Retry-After': '1' }), name, write: false };
    }
    l.daily.record(now);
    if (isSearch) l.search.record(now);
    else l.burst.record(now);
    const headers = rateHeaders(name, now, isSearch);

    const needed = requiredScope(request.method, request.path);
    if (needed && !needed.split('|').some((s) => config_.scopes.includes(s))) {
      return { response: { ...missingScopes(needed.split('|').slice(0, 1)), headers }, name, write: false };
    }
    const response = route(request, name, now);
    const write = request.method !== 'GET' && !isSearch && response.status < 300;
    return { response: { ...response, headers: { ...headers, ...response.headers } }, name, write };
  }

  return {
    handle(request) {
      const now = options.now();
      const { response, name, write } = dispatch(request, now);
      if (write) log.writes += 1;
      log.add(request, response.status, now, name);
      return response;
    },
    reset() {
      store = new HubSpotStore(options.dataset);
      limits = new Map();
      log.clear();
      ids.reset();
    },
    snapshot() {
      return { records: store.counts(), created: store.created(), requests: log.list(), writes: log.writes, dailyUsed: limitsOf('valid').daily.used };
    },
    store: () => store,
  };
}

/** HubSpot's error body for a status, for `status` faults on HubSpot paths. */
export function hubspotFaultBody(status: number): { body: unknown; headers?: Record<string, string> } {
  const base = { status: 'error', correlationId: '00000000-0000-4000-8000-0000000fa017' };
  switch (status) {
    case 400:
      return { body: { ...base, message: 'Property values were not valid: [{"isValid":false,"message":"sandbox fault","error":"INVALID_OPTION","name":"jobtitle"}]', category: 'VALIDATION_ERROR' } };
    case 401:
      return { body: { ...base, message: 'The access token provided is invalid or has been revoked.', category: 'INVALID_AUTHENTICATION' } };
    case 403:
      return { body: { ...base, message: "This app hasn't been granted all required scopes to make this call.", category: 'MISSING_SCOPES', errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }] } };
    case 404:
      return { body: { ...base, message: 'resource not found', category: 'OBJECT_NOT_FOUND' } };
    case 409:
      return { body: { ...base, message: 'Contact already exists. Existing ID: 51000001', category: 'CONFLICT' } };
    case 429:
      return {
        body: { ...base, message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', requestId: '00000000-0000-4000-8000-0000000fa018' },
        headers: { 'X-HubSpot-RateLimit-Max': '100', 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000', 'Retry-After': '1' },
      };
    default:
      return { body: { ...base, message: status >= 500 ? 'internal error' : `HTTP ${status}`, category: status >= 500 ? 'INTERNAL_ERROR' : 'ERROR' } };
  }
}
