/**
 * A thin, typed HubSpot client for one account's private-app / static token (docs/crm.md §1): verify the
 * connection, find contacts and companies (batched search, plus the exact email lookup that does not wait for the
 * search index), create, update by diff, find-or-create companies, associate, and add notes. Each request goes
 * through the shared loop (lib/providers/request.ts); no retries, caching or throttling here.
 */
import { z } from 'zod';
import type { CrmCompanyQuery, CrmConnection, CrmPersonQuery, CrmRecord, CrmRecordKind } from '../../../domain/crm';
import {
  conflictFields,
  diffPerson,
  matchCompanies,
  matchPeople,
  normalizeDomain,
  normalizeEmail,
  personValuesFromInput,
  personValuesFromRecord,
  writtenFields,
} from '../../../domain/crm-match';
import { SidecarError } from '../../../domain/errors';
import { createHttpClient, type HttpRequest } from '../../request';
import { clean, defined, distinct, noteHtml } from '../shared';
import type { CrmCallInit, CrmCallResult } from '../types';
import { hubspotError, hubspotErrorFromResponse } from './errors';
import { parseHubSpotRateLimit } from './rate-limit-headers';
import {
  COMPANY_PROPERTIES,
  companyFilterGroups,
  contactFields,
  contactProperties,
  idSegment,
  newCompanyProperties,
  newContactProperties,
  packGroups,
  peopleFilterGroups,
  propertiesFor,
  searchBody,
  type FilterGroup,
} from './requests';
import {
  hubspotAccountDetailsSchema,
  hubspotApiUsageSchema,
  hubspotDefaultAssociationResponseSchema,
  hubspotObjectSchema,
  hubspotOwnerSchema,
  hubspotPropertySchema,
  hubspotSearchResponseSchema,
  hubspotTokenInfoSchema,
  type HubSpotObject,
} from './schemas';
import { hubspotRecordUrl, toCompanyRecord, toContactRecord, type RecordLinks } from './to-domain';
import {
  HUBSPOT_ASSOCIATION,
  HUBSPOT_LINKEDIN_PROPERTY,
  HUBSPOT_REQUIRED_SCOPES,
  type HubSpotClient,
  type HubSpotClientOptions,
} from './types';

const DEFAULT_TIMEOUT_MS = 15_000;
/** Search pages followed per request before giving up (200 each). */
const MAX_SEARCH_PAGES = 5;

/** Create a client bound to one token and host. Never throws; problems surface on the first call. */
export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const token = options.accessToken.trim();
  const now = options.now ?? Date.now;
  const linkedinProperty = options.linkedinProperty === undefined ? HUBSPOT_LINKEDIN_PROPERTY : options.linkedinProperty;
  const objects = options.objectsVersion === '2026-03' ? '/crm/objects/2026-03' : '/crm/v3/objects';
  const links: RecordLinks = defined({ uiDomain: options.uiDomain, portalId: options.portalId });
  const http = createHttpClient({
    label: 'HubSpot',
    baseUrl: options.baseUrl,
    secret: token,
    authHeaders: { authorization: `Bearer ${token}` },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now,
    providerError: hubspotError,
    errorFromResponse: (response) => hubspotErrorFromResponse(response, options.utcOffsetMs),
  });

  async function call<S extends z.ZodType>(spec: HttpRequest<S>): Promise<CrmCallResult<z.output<S>>> {
    const { data, status, headers } = await http.request(spec);
    const result: CrmCallResult<z.output<S>> = { data, status, rateLimit: parseHubSpotRateLimit(headers) };
    const requestId = headers.get('x-hubspot-correlation-id') ?? headers.get('x-request-id');
    if (requestId) result.requestId = requestId;
    return result;
  }

  /** Build a request part; a validation failure rejects the call instead of throwing synchronously. */
  async function built<T>(build: () => T): Promise<T> {
    return build();
  }

  const toContact = (object: HubSpotObject) => toContactRecord(object, linkedinProperty, links);
  const toCompany = (object: HubSpotObject) => toCompanyRecord(object, links);
  const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

  /** Runs every search the groups need (following pages), and returns all objects found plus the last exchange. */
  async function searchAll(type: 'contacts' | 'companies' | 'notes', groups: FilterGroup[], properties: string[], init: CrmCallInit | undefined) {
    const found = new Map<string, HubSpotObject>();
    let last: CrmCallResult<unknown> | undefined;
    for (const filterGroups of packGroups(groups)) {
      let after: string | undefined;
      for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
        const result = await call({
          method: 'POST',
          path: `${objects}/${type}/search`,
          body: searchBody(filterGroups, properties, after),
          schema: hubspotSearchResponseSchema,
          signal: init?.signal,
        });
        last = result;
        for (const object of result.data.results) found.set(object.id, object);
        after = result.data.paging?.next?.after;
        if (!after) break;
      }
    }
    return { objects: [...found.values()], last };
  }

  async function getContact(idOrEmail: string, byEmail: boolean, init: CrmCallInit | undefined) {
    const segment = await built(() => idSegment(idOrEmail, byEmail ? 'email' : 'contact id'));
    const params: Record<string, string> = { properties: contactProperties(linkedinProperty).join(','), associations: 'companies' };
    if (byEmail) params.idProperty = 'email';
    return call({ method: 'GET', path: `${objects}/contacts/${segment}${query(params)}`, schema: hubspotObjectSchema, signal: init?.signal });
  }

  const client: HubSpotClient = {
    crm: 'hubspot',

    async verify(init) {
      const details = await call({ method: 'GET', path: '/account-info/v3/details', schema: hubspotAccountDetailsSchema, signal: init?.signal });
      // Token introspection names the scopes and user where HubSpot answers it for this kind of token; a refusal
      // (not an OAuth token, no client credentials) leaves them unknown rather than failing the check.
      let info: z.output<typeof hubspotTokenInfoSchema> | undefined;
      try {
        info = (
          await call({
            method: 'POST',
            path: '/oauth/2026-03/token/introspect',
            form: { token, token_type_hint: 'access_token' },
            schema: hubspotTokenInfoSchema,
            signal: init?.signal,
          })
        ).data;
      } catch (error) {
        if (!SidecarError.is(error) || !['validation', 'not-found', 'bad-key', 'forbidden', 'unexpected-response'].includes(error.kind)) throw error;
        if (error.kind === 'bad-key' && error.data.reason === 'expired') throw error;
      }
      let linkedinField: string | null = null;
      let last: CrmCallResult<unknown> = details;
      if (linkedinProperty) {
        const property = await client.getContactProperty(linkedinProperty, init);
        linkedinField = property.data ? property.data.name : null;
        last = property;
      }
      const d = details.data;
      const uiHost = d.uiDomain.replace(/^https?:\/\//, '');
      const scopes = info?.active ? info.scopes : undefined;
      const connection: CrmConnection = {
        crm: 'hubspot',
        accountId: String(d.portalId),
        accountName: uiHost,
        apiBaseUrl: options.baseUrl.replace(/\/+$/, ''),
        appBaseUrl: `https://${uiHost}`,
        sandbox: d.accountType === 'SANDBOX' || d.accountType === 'DEVELOPER_TEST',
        linkedinField,
        ...defined({
          user: info?.user_id !== undefined ? defined({ id: String(info.user_id), email: info.user }) : undefined,
          scopes,
          missingScopes: scopes ? HUBSPOT_REQUIRED_SCOPES.filter((s) => !scopes.includes(s)) : undefined,
        }),
      };
      return { ...last, data: connection };
    },

    async findPeople(queries, init) {
      const records: CrmRecord[] = [];
      let last: CrmCallResult<unknown> | undefined;
      // One email alone: the exact lookup sees a contact created seconds ago, which the search index may not yet.
      const emails = distinct(queries.map((q) => normalizeEmail(q.email)));
      const exact = emails.length === 1 ? emails[0] : undefined;
      if (exact) {
        const found = await client.getContactByEmail(exact, init);
        last = found;
        if (found.data) records.push(found.data);
      }
      // The queries the exact lookup did not answer still go to search (without that email).
      const rest: CrmPersonQuery[] = exact && records.length > 0 ? queries.filter((q) => normalizeEmail(q.email) !== exact) : [...queries];
      const groups = peopleFilterGroups(rest, linkedinProperty, exact !== undefined);
      if (groups.length > 0) {
        const { objects: found, last: searched } = await searchAll('contacts', groups, contactProperties(linkedinProperty), init);
        for (const object of found) if (!records.some((r) => r.id === object.id)) records.push(toContact(object));
        last = searched ?? last;
      }
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, ...(last?.requestId ? { requestId: last.requestId } : {}), data: matchPeople(queries, records) };
    },

    async findCompanies(queries: readonly CrmCompanyQuery[], init) {
      const groups = companyFilterGroups(queries);
      if (groups.length === 0) return { status: 200, rateLimit: {}, data: [] };
      const { objects: found, last } = await searchAll('companies', groups, COMPANY_PROPERTIES, init);
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: matchCompanies(queries, found.map(toCompany)) };
    },

    async getPerson(id, init) {
      const result = await getContact(id, false, init);
      return { ...result, data: toContact(result.data) };
    },

    async getContactByEmail(email, init) {
      const normalized = normalizeEmail(email);
      if (!normalized) throw hubspotError('validation', { detail: 'not an email address', field: 'email' });
      try {
        const result = await getContact(normalized, true, init);
        return { ...result, data: toContact(result.data) };
      } catch (error) {
        if (SidecarError.is(error) && error.kind === 'not-found') return { status: 404, rateLimit: {}, data: null };
        throw error;
      }
    },

    async createPerson(input, createOptions, init) {
      const properties = await built(() => newContactProperties(input, linkedinProperty));
      const companyId = clean(createOptions?.companyId);
      const associations = companyId
        ? [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_ASSOCIATION.contactToCompany }] }]
        : [];
      const result = await call({ method: 'POST', path: `${objects}/contacts`, body: { properties, associations }, schema: hubspotObjectSchema, signal: init?.signal });
      const record = toContact(result.data);
      return { ...result, data: companyId && !record.companyId ? { ...record, companyId } : record };
    },

    async updatePerson(id, input, updateOptions, init) {
      const read = await getContact(id, false, init);
      const current = toContact(read.data);
      const fields = contactFields(linkedinProperty);
      const diffs = diffPerson(personValuesFromRecord(current), personValuesFromInput(input), fields, updateOptions?.overwrite ?? []);
      const written = writtenFields(diffs);
      const outcome = { diffs, conflicts: conflictFields(diffs) };
      if (written.length === 0 || updateOptions?.dryRun) return { ...read, data: { record: current, written: [], ...outcome } };
      const properties = propertiesFor(personValuesFromInput(input), written, linkedinProperty);
      const segment = await built(() => idSegment(id, 'contact id'));
      const result = await call({ method: 'PATCH', path: `${objects}/contacts/${segment}`, body: { properties }, schema: hubspotObjectSchema, signal: init?.signal });
      // A PATCH answer need not repeat every property: lay it over what was read.
      const merged = { ...result.data, properties: { ...read.data.properties, ...result.data.properties }, associations: result.data.associations ?? read.data.associations };
      return { ...result, data: { record: toContact(merged), written, ...outcome } };
    },

    async findOrCreateCompany(input, init) {
      const domain = normalizeDomain(input.domain);
      const found = await client.findCompanies([{ ref: 'company', name: input.name, ...(domain ? { domain } : {}) }], init);
      const best = found.data.find((m) => m.by === 'domain') ?? (domain ? undefined : found.data.find((m) => m.by === 'name'));
      if (best) return { ...found, data: { record: best.record, created: false } };
      const properties = await built(() => newCompanyProperties(input));
      const result = await call({ method: 'POST', path: `${objects}/companies`, body: { properties, associations: [] }, schema: hubspotObjectSchema, signal: init?.signal });
      return { ...result, data: { record: toCompany(result.data), created: true } };
    },

    async associate(personId, companyId, init) {
      const from = await built(() => idSegment(personId, 'contact id'));
      const to = await built(() => idSegment(companyId, 'company id'));
      const result = await call({
        method: 'PUT',
        path: `/crm/v4/objects/contact/${from}/associations/default/company/${to}`,
        schema: hubspotDefaultAssociationResponseSchema,
        signal: init?.signal,
      });
      return { ...result, data: null };
    },

    async addNote(target, text, noteOptions, init) {
      const body = clean(text);
      if (!body) throw hubspotError('validation', { detail: 'a note needs text', field: 'hs_note_body' });
      const associations = [
        ...(target.personId ? [{ to: { id: target.personId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_ASSOCIATION.noteToContact }] }] : []),
        ...(target.companyId ? [{ to: { id: target.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_ASSOCIATION.noteToCompany }] }] : []),
      ];
      if (associations.length === 0) throw hubspotError('validation', { detail: 'a note needs a contact or a company' });
      const at = noteOptions?.at ?? new Date(now());
      const result = await call({
        method: 'POST',
        path: `${objects}/notes`,
        body: { properties: { hs_timestamp: at.toISOString(), hs_note_body: noteHtml(body) }, associations },
        schema: hubspotObjectSchema,
        signal: init?.signal,
      });
      return { ...result, data: { id: result.data.id } };
    },

    // The marker is unique to one write, so the note is found without narrowing to the target.
    async findNote(_target, marker, init) {
      const token = clean(marker);
      if (!token || !/^[A-Za-z0-9]+$/.test(token)) throw hubspotError('validation', { detail: 'a note marker is letters and digits', field: 'hs_note_body' });
      // The note body is HTML, so the marker is searched as a token with wildcards, then checked in the text.
      const { objects: found, last } = await searchAll(
        'notes',
        [{ filters: [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: `*${token}*` }] }],
        ['hs_note_body', 'hs_timestamp'],
        init,
      );
      const note = found.find((object) => (object.properties.hs_note_body ?? '').includes(token));
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: note ? { id: note.id } : null };
    },

    recordUrl(kind: CrmRecordKind, id: string) {
      return hubspotRecordUrl(links, kind === 'company' ? '0-2' : '0-1', id);
    },

    async getOwner(id, init) {
      const segment = await built(() => idSegment(id, 'owner id'));
      const result = await call({ method: 'GET', path: `/crm/v3/owners/${segment}`, schema: hubspotOwnerSchema, signal: init?.signal });
      const o = result.data;
      const name = [clean(o.firstName), clean(o.lastName)].filter(Boolean).join(' ');
      return { ...result, data: { id: o.id, ...defined({ name: name || undefined, email: clean(o.email) }) } };
    },

    async getContactProperty(name, init) {
      const segment = await built(() => idSegment(name, 'property name'));
      try {
        const result = await call({ method: 'GET', path: `/crm/v3/properties/contacts/${segment}`, schema: hubspotPropertySchema, signal: init?.signal });
        const p = result.data;
        return { ...result, data: { name: p.name, label: p.label, readOnly: p.modificationMetadata?.readOnlyValue === true } };
      } catch (error) {
        if (SidecarError.is(error) && error.kind === 'not-found') return { status: 404, rateLimit: {}, data: null };
        throw error;
      }
    },

    async getApiUsage(init) {
      const result = await call({ method: 'GET', path: '/account-info/v3/api-usage/daily/private-apps', schema: hubspotApiUsageSchema, signal: init?.signal });
      const first = result.data.results[0];
      return { ...result, data: first ? { limit: first.usageLimit, used: first.currentUsage, ...defined({ resetsAt: first.resetsAt }) } : null };
    },
  };
  return client;
}
