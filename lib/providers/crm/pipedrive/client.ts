/**
 * A thin, typed Pipedrive client for one personal API token (docs/crm.md §3): `users/me` and the custom fields
 * that hold LinkedIn URLs and domains (verify), v2 person and organization search (one term per request: Pipedrive
 * has no batch search, so a batch is several requests), v2 create and PATCH (email and phone lists merged whole),
 * the person's organization as `org_id`, and v1 notes. Pipedrive never refuses a duplicate: search first.
 */
import { z } from 'zod';
import type { CrmConnection, CrmField, CrmPersonInput, CrmRecord, CrmRecordKind } from '../../../domain/crm';
import {
  conflictFields,
  diffPerson,
  linkedinSlug,
  matchCompanies,
  matchPeople,
  mergeValues,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
  personValuesFromInput,
  personValuesFromRecord,
  writtenFields,
} from '../../../domain/crm-match';
import { createHttpClient, type HttpRequest } from '../../request';
import { clean, defined, distinct, noteHtml } from '../shared';
import type { CrmCallInit, CrmCallResult } from '../types';
import { pipedriveError, pipedriveErrorFromResponse } from './errors';
import { parsePipedriveRateLimit } from './rate-limit-headers';
import {
  pipedriveFieldsResponseSchema,
  pipedriveMeResponseSchema,
  pipedriveNoteResponseSchema,
  pipedriveNotesResponseSchema,
  pipedriveOrganizationResponseSchema,
  pipedrivePersonResponseSchema,
  pipedriveSearchResponseSchema,
  pipedriveUsersResponseSchema,
  type PipedriveLabelled,
  type PipedriveOrganization,
  type PipedrivePerson,
  type PipedriveSearchItem,
} from './schemas';
import type { PipedriveClient, PipedriveClientOptions, PipedriveField } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;
const SEARCH_LIMIT = 10;
/** The fields an update compares: lists merged whole, the LinkedIn custom field filled when empty. */
const UPDATE_FIELDS: CrmField[] = ['emails', 'phones', 'linkedinUrl'];

/**
 * The API base for a company: `acme`, `acme.pipedrive.com` or a URL of it → `https://acme.pipedrive.com`.
 * `override` (`WXT_PIPEDRIVE_BASE_URL`, a build pointed at the sandbox) replaces the company's host.
 */
export function pipedriveBaseUrl(companyDomain: string, override?: string): string {
  const forced = clean(override);
  if (forced) return forced.replace(/\/+$/, '');
  const raw = clean(companyDomain)?.toLowerCase() ?? '';
  const host = normalizeDomain(raw.includes('.') ? raw : `${raw}.pipedrive.com`);
  const company = host && /^([a-z0-9-]+)\.pipedrive\.com$/.exec(host)?.[1];
  if (!company) throw pipedriveError('validation', { detail: 'the company domain must look like "acme" or "acme.pipedrive.com"', field: 'companyDomain' });
  return `https://${company}.pipedrive.com`;
}

/** `https://acme.pipedrive.com/person/42` and `/organization/9` (docs/crm.md §3.8). */
export function pipedriveRecordUrl(appBaseUrl: string, kind: CrmRecordKind, id: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/${kind === 'organization' || kind === 'company' ? 'organization' : 'person'}/${encodeURIComponent(id)}`;
}

const PHONE_LABELS = new Set(['work', 'mobile', 'home', 'other']);

function numericId(id: string, field: string): number {
  const value = clean(id);
  if (!value || !/^\d+$/.test(value)) throw pipedriveError('validation', { detail: `${field} must be a numeric id`, field });
  return Number(value);
}

/** Create a client bound to one token and company. Never throws; problems surface on the first call. */
export function createPipedriveClient(options: PipedriveClientOptions): PipedriveClient {
  const token = options.apiToken.trim();
  const now = options.now ?? Date.now;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const appBaseUrl = (options.appBaseUrl ?? baseUrl).replace(/\/+$/, '');
  const linkedinKey = options.linkedinFieldKey ?? null;
  const domainKey = options.domainFieldKey ?? null;
  const http = createHttpClient({
    label: 'Pipedrive',
    baseUrl,
    secret: token,
    authHeaders: { 'x-api-token': token },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
    now,
    providerError: pipedriveError,
    errorFromResponse: pipedriveErrorFromResponse,
  });

  async function call<S extends z.ZodType>(spec: HttpRequest<S>): Promise<CrmCallResult<z.output<S>>> {
    const { data, status, headers } = await http.request(spec);
    return { data, status, rateLimit: parsePipedriveRateLimit(headers, now()) };
  }

  async function built<T>(build: () => T): Promise<T> {
    return build();
  }

  const url = (kind: CrmRecordKind, id: number | string) => pipedriveRecordUrl(appBaseUrl, kind, String(id));
  const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

  function fromSearch(item: PipedriveSearchItem): CrmRecord {
    const linkedin = (item.custom_fields ?? []).find((v) => linkedinSlug(v) !== undefined);
    return {
      crm: 'pipedrive',
      kind: 'person',
      id: String(item.id),
      emails: (item.emails ?? []).filter((e) => e.trim() !== ''),
      phones: (item.phones ?? []).filter((p) => p.trim() !== '').map((value) => ({ value })),
      ...defined({
        name: clean(item.name),
        company: clean(item.organization?.name),
        companyId: item.organization ? String(item.organization.id) : undefined,
        linkedinUrl: linkedin,
        owner: item.owner ? { id: String(item.owner.id) } : undefined,
        url: url('person', item.id),
      }),
    };
  }

  const sorted = (list: PipedriveLabelled[] | null | undefined) => [...(list ?? [])].filter((x) => x.value.trim() !== '').sort((a, b) => Number(b.primary ?? false) - Number(a.primary ?? false));

  function fromPerson(person: PipedrivePerson, org?: PipedriveOrganization): CrmRecord {
    const linkedin = linkedinKey ? person.custom_fields?.[linkedinKey] : undefined;
    return {
      crm: 'pipedrive',
      kind: 'person',
      id: String(person.id),
      emails: sorted(person.emails).map((e) => e.value),
      phones: sorted(person.phones).map((p) => ({ value: p.value, ...(p.label && PHONE_LABELS.has(p.label) ? { label: p.label as 'work' | 'mobile' | 'home' | 'other' } : {}) })),
      ...defined({
        name: clean(person.name),
        firstName: clean(person.first_name),
        lastName: clean(person.last_name),
        title: clean(person.job_title),
        company: clean(org?.name),
        companyId: person.org_id ? String(person.org_id) : undefined,
        domain: org ? organizationDomain(org) : undefined,
        linkedinUrl: typeof linkedin === 'string' ? clean(linkedin) : undefined,
        owner: person.owner_id ? { id: String(person.owner_id) } : undefined,
        createdAt: clean(person.add_time),
        updatedAt: clean(person.update_time),
        url: url('person', person.id),
      }),
    };
  }

  function organizationDomain(org: PipedriveOrganization): string | undefined {
    const value = domainKey ? org.custom_fields?.[domainKey] : undefined;
    return typeof value === 'string' ? normalizeDomain(value) : undefined;
  }

  function fromOrganization(org: PipedriveOrganization): CrmRecord {
    return {
      crm: 'pipedrive',
      kind: 'organization',
      id: String(org.id),
      emails: [],
      phones: [],
      ...defined({ name: clean(org.name), domain: organizationDomain(org), owner: org.owner_id ? { id: String(org.owner_id) } : undefined, createdAt: clean(org.add_time), updatedAt: clean(org.update_time), url: url('organization', org.id) }),
    };
  }

  async function searchPersons(term: string, fields: string, exact: boolean, init: CrmCallInit | undefined) {
    return call({
      method: 'GET',
      path: `/api/v2/persons/search${query({ term, fields, ...(exact ? { exact_match: 'true' } : {}), limit: String(SEARCH_LIMIT) })}`,
      schema: pipedriveSearchResponseSchema,
      signal: init?.signal,
    });
  }

  async function fields(kind: 'person' | 'organization', init: CrmCallInit | undefined): Promise<CrmCallResult<PipedriveField[]>> {
    const result = await call({ method: 'GET', path: kind === 'person' ? '/api/v2/personFields' : '/api/v2/organizationFields', schema: pipedriveFieldsResponseSchema, signal: init?.signal });
    return { ...result, data: result.data.data.map((f) => ({ key: f.field_code, name: f.field_name, type: f.field_type, custom: f.is_custom_field })) };
  }

  /** Labelled entries for a merged list: existing ones as they were, new ones added as non-primary. */
  function labelledList(existing: PipedriveLabelled[] | null | undefined, values: readonly string[], labelOf: (value: string) => string, normalize: (v: string) => string | undefined): PipedriveLabelled[] {
    const have = sorted(existing);
    const keys = new Set(have.map((e) => normalize(e.value) ?? e.value));
    const added = values.filter((v) => !keys.has(normalize(v) ?? v)).map((value) => ({ value, primary: false, label: labelOf(value) }));
    const list = [...have.map((e) => ({ value: e.value, primary: e.primary ?? false, label: e.label ?? 'other' })), ...added];
    if (list.length > 0 && !list.some((e) => e.primary)) (list[0] as PipedriveLabelled).primary = true;
    return list;
  }

  function newPersonBody(input: CrmPersonInput, companyId: string | undefined): Record<string, unknown> {
    const name = [clean(input.firstName), clean(input.lastName)].filter(Boolean).join(' ');
    if (!name) throw pipedriveError('validation', { detail: 'a person needs a name', field: 'name' });
    const emails = distinct((input.emails ?? []).map((e) => normalizeEmail(e) ?? clean(e)));
    const phones = (input.phones ?? []).filter((p) => p.value.trim() !== '');
    const linkedin = normalizeLinkedinUrl(input.linkedinUrl) ?? clean(input.linkedinUrl);
    return {
      name,
      ...(emails.length > 0 ? { emails: emails.map((value, i) => ({ value, primary: i === 0, label: 'work' })) } : {}),
      ...(phones.length > 0 ? { phones: phones.map((p, i) => ({ value: p.value.trim(), primary: i === 0, label: p.label ?? 'work' })) } : {}),
      ...(companyId ? { org_id: numericId(companyId, 'org_id') } : {}),
      ...(linkedinKey && linkedin ? { custom_fields: { [linkedinKey]: linkedin } } : {}),
    };
  }

  async function readPerson(id: string, init: CrmCallInit | undefined) {
    const numeric = await built(() => numericId(id, 'id'));
    const person = await call({ method: 'GET', path: `/api/v2/persons/${numeric}`, schema: pipedrivePersonResponseSchema, signal: init?.signal });
    let org: PipedriveOrganization | undefined;
    let last: CrmCallResult<unknown> = person;
    if (person.data.data.org_id) {
      const found = await call({ method: 'GET', path: `/api/v2/organizations/${person.data.data.org_id}`, schema: pipedriveOrganizationResponseSchema, signal: init?.signal }).catch(() => undefined);
      if (found) {
        org = found.data.data;
        last = found;
      }
    }
    return { raw: person.data.data, record: fromPerson(person.data.data, org), last };
  }

  const client: PipedriveClient = {
    crm: 'pipedrive',

    async verify(init) {
      const me = await call({ method: 'GET', path: '/api/v1/users/me', schema: pipedriveMeResponseSchema, signal: init?.signal });
      const personFields = await fields('person', init);
      const orgFields = await fields('organization', init);
      const searchable = new Set(['varchar', 'text', 'varchar_auto']);
      const linkedin = personFields.data.find((f) => f.custom && searchable.has(f.type) && /linked\s*in/i.test(f.name));
      const domain = orgFields.data.find((f) => f.custom && searchable.has(f.type) && /domain|website/i.test(f.name));
      const u = me.data.data;
      const connection: CrmConnection = {
        crm: 'pipedrive',
        accountId: String(u.company_id),
        apiBaseUrl: baseUrl,
        appBaseUrl: `https://${u.company_domain}.pipedrive.com`,
        sandbox: false,
        linkedinField: linkedin?.key ?? null,
        domainField: domain?.key ?? null,
        ...defined({ accountName: clean(u.company_name), user: defined({ id: String(u.id), name: clean(u.name), email: clean(u.email) }) }),
      };
      return { ...orgFields, data: connection };
    },

    async findPeople(queries, init) {
      const records = new Map<string, CrmRecord>();
      let last: CrmCallResult<unknown> | undefined;
      const keep = (items: { item: PipedriveSearchItem }[]) => {
        for (const { item } of items) if (!records.has(String(item.id))) records.set(String(item.id), fromSearch(item));
      };
      // One term per request, strongest first; a query stops at its first hit.
      for (const q of queries) {
        const email = normalizeEmail(q.email);
        if (email) {
          const found = await searchPersons(email, 'email', true, init);
          last = found;
          keep(found.data.data.items);
          if (found.data.data.items.length > 0) continue;
        }
        const slug = linkedinKey ? linkedinSlug(q.linkedinUrl) : undefined;
        if (slug && slug.length >= 2) {
          // Stored URLs vary (slash, www, scheme): search the slug, then compare it.
          const found = await searchPersons(slug, 'custom_fields', false, init);
          last = found;
          const hits = found.data.data.items.filter(({ item }) => (item.custom_fields ?? []).some((v) => linkedinSlug(v) === slug));
          keep(hits);
          if (hits.length > 0) continue;
        }
        const first = clean(q.firstName);
        const lastName = clean(q.lastName);
        if (first && lastName) {
          const found = await searchPersons(`${first} ${lastName}`, 'name', true, init);
          last = found;
          keep(found.data.data.items);
        }
      }
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: matchPeople(queries, [...records.values()]) };
    },

    async findCompanies(queries, init) {
      const records = new Map<string, CrmRecord>();
      let last: CrmCallResult<unknown> | undefined;
      for (const q of queries) {
        const domain = normalizeDomain(q.domain);
        if (domain && domainKey) {
          const result = await call({
            method: 'GET',
            path: `/api/v2/organizations/search${query({ term: domain, fields: 'custom_fields', limit: String(SEARCH_LIMIT) })}`,
            schema: pipedriveSearchResponseSchema,
            signal: init?.signal,
          });
          last = result;
          const hits = result.data.data.items.filter(({ item }) => (item.custom_fields ?? []).some((v) => normalizeDomain(v) === domain));
          for (const { item } of hits) records.set(String(item.id), { ...fromOrganizationItem(item), domain });
          if (hits.length > 0) continue;
        }
        const name = clean(q.name);
        if (name) {
          const result = await call({
            method: 'GET',
            path: `/api/v2/organizations/search${query({ term: name, fields: 'name', exact_match: 'true', limit: String(SEARCH_LIMIT) })}`,
            schema: pipedriveSearchResponseSchema,
            signal: init?.signal,
          });
          last = result;
          for (const { item } of result.data.data.items) {
            if (records.has(String(item.id))) continue;
            const domainValue = (item.custom_fields ?? []).map((v) => normalizeDomain(v)).find(Boolean);
            records.set(String(item.id), { ...fromOrganizationItem(item), ...(domainKey && domainValue ? { domain: domainValue } : {}) });
          }
        }
      }
      return { status: last?.status ?? 200, rateLimit: last?.rateLimit ?? {}, data: matchCompanies(queries, [...records.values()]) };
    },

    async getPerson(id, init) {
      const { record, last } = await readPerson(id, init);
      return { status: last.status, rateLimit: last.rateLimit, data: record };
    },

    async createPerson(input, createOptions, init) {
      const body = await built(() => newPersonBody(input, clean(createOptions?.companyId)));
      const result = await call({ method: 'POST', path: '/api/v2/persons', body, schema: pipedrivePersonResponseSchema, signal: init?.signal });
      const record = fromPerson(result.data.data);
      return { ...result, data: clean(input.companyName) && !record.company ? { ...record, company: clean(input.companyName) } : record };
    },

    async updatePerson(id, input, updateOptions, init) {
      const current = await readPerson(id, init);
      const proposed = personValuesFromInput(input);
      const fieldsToCompare = UPDATE_FIELDS.filter((f) => f !== 'linkedinUrl' || linkedinKey);
      const diffs = diffPerson(personValuesFromRecord(current.record), proposed, fieldsToCompare, updateOptions?.overwrite ?? []);
      const written = writtenFields(diffs);
      const outcome = { diffs, conflicts: conflictFields(diffs) };
      const result0 = { status: current.last.status, rateLimit: current.last.rateLimit };
      if (written.length === 0 || updateOptions?.dryRun) return { ...result0, data: { record: current.record, written: [], ...outcome } };
      const body: Record<string, unknown> = {};
      if (written.includes('emails')) {
        const merged = mergeValues(current.record.emails, (input.emails ?? []).map((e) => normalizeEmail(e) ?? e.trim()), normalizeEmail);
        body.emails = labelledList(current.raw.emails, merged, () => 'work', normalizeEmail);
      }
      if (written.includes('phones')) {
        const labels = new Map((input.phones ?? []).map((p) => [normalizePhone(p.value) ?? p.value, p.label ?? 'work']));
        const merged = mergeValues(current.record.phones.map((p) => p.value), (input.phones ?? []).map((p) => p.value.trim()), normalizePhone);
        body.phones = labelledList(current.raw.phones, merged, (v) => labels.get(normalizePhone(v) ?? v) ?? 'work', normalizePhone);
      }
      if (written.includes('linkedinUrl') && linkedinKey && proposed.linkedinUrl) body.custom_fields = { [linkedinKey]: proposed.linkedinUrl };
      const numeric = await built(() => numericId(id, 'id'));
      const result = await call({ method: 'PATCH', path: `/api/v2/persons/${numeric}`, body, schema: pipedrivePersonResponseSchema, signal: init?.signal });
      const record = { ...fromPerson(result.data.data), ...defined({ company: current.record.company, domain: current.record.domain }) };
      return { ...result, data: { record, written, ...outcome } };
    },

    async findOrCreateCompany(input, init) {
      const domain = normalizeDomain(input.domain);
      const found = await client.findCompanies([{ ref: 'company', name: input.name, ...(domain ? { domain } : {}) }], init);
      const best = found.data.find((m) => m.by === 'domain') ?? found.data.find((m) => m.by === 'name' && (!domain || !domainKey || !m.record.domain));
      if (best) return { ...found, data: { record: best.record, created: false } };
      const name = clean(input.name);
      if (!name) throw pipedriveError('validation', { detail: 'an organization needs a name', field: 'name' });
      const body = { name, ...(domain && domainKey ? { custom_fields: { [domainKey]: domain } } : {}) };
      const result = await call({ method: 'POST', path: '/api/v2/organizations', body, schema: pipedriveOrganizationResponseSchema, signal: init?.signal });
      return { ...result, data: { record: fromOrganization(result.data.data), created: true } };
    },

    async associate(personId, companyId, init) {
      const person = await built(() => numericId(personId, 'id'));
      const org = await built(() => numericId(companyId, 'org_id'));
      const result = await call({ method: 'PATCH', path: `/api/v2/persons/${person}`, body: { org_id: org }, schema: pipedrivePersonResponseSchema, signal: init?.signal });
      return { ...result, data: null };
    },

    async addNote(target, text, noteOptions, init) {
      const body = clean(text);
      if (!body) throw pipedriveError('validation', { detail: 'a note needs text', field: 'content' });
      const personId = target.personId ? await built(() => numericId(target.personId ?? '', 'person_id')) : undefined;
      const orgId = target.companyId ? await built(() => numericId(target.companyId ?? '', 'org_id')) : undefined;
      if (personId === undefined && orgId === undefined) throw pipedriveError('validation', { detail: 'a note needs a person or an organization' });
      const at = noteOptions?.at ? { add_time: noteOptions.at.toISOString().replace('T', ' ').slice(0, 19) } : {};
      const result = await call({
        method: 'POST',
        path: '/api/v1/notes',
        body: { content: noteHtml(body), ...(personId !== undefined ? { person_id: personId } : {}), ...(orgId !== undefined ? { org_id: orgId } : {}), ...at },
        schema: pipedriveNoteResponseSchema,
        signal: init?.signal,
      });
      return { ...result, data: { id: String(result.data.data.id) } };
    },

    async findNote(target, marker, init) {
      const token = clean(marker);
      if (!token || !/^[A-Za-z0-9]+$/.test(token)) throw pipedriveError('validation', { detail: 'a note marker is letters and digits', field: 'content' });
      const on: Record<string, string> | undefined = target.personId
        ? { person_id: String(await built(() => numericId(target.personId ?? '', 'person_id'))) }
        : target.companyId
          ? { org_id: String(await built(() => numericId(target.companyId ?? '', 'org_id'))) }
          : undefined;
      if (!on) throw pipedriveError('validation', { detail: 'a note needs a person or an organization' });
      const result = await call({
        method: 'GET',
        path: `/api/v1/notes${query({ ...on, sort: 'add_time DESC', limit: '50' })}`,
        schema: pipedriveNotesResponseSchema,
        signal: init?.signal,
      });
      const found = (result.data.data ?? []).find((note) => (note.content ?? '').includes(token));
      return { ...result, data: found ? { id: String(found.id) } : null };
    },

    async listUsers(init) {
      const result = await call({ method: 'GET', path: '/api/v1/users', schema: pipedriveUsersResponseSchema, signal: init?.signal });
      return { ...result, data: result.data.data.map((u) => ({ id: String(u.id), ...defined({ name: clean(u.name), email: clean(u.email) }) })) };
    },

    recordUrl: (kind, id) => url(kind, id),
    personFields: (init) => fields('person', init),
    organizationFields: (init) => fields('organization', init),
  };

  function fromOrganizationItem(item: PipedriveSearchItem): CrmRecord {
    return {
      crm: 'pipedrive',
      kind: 'organization',
      id: String(item.id),
      emails: [],
      phones: [],
      ...defined({ name: clean(item.name), owner: item.owner ? { id: String(item.owner.id) } : undefined, url: url('organization', item.id) }),
    };
  }

  return client;
}
