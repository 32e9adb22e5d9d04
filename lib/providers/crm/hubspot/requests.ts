/**
 * HubSpot request shapes: the regional API host, the properties Sidecar reads and writes, search filter groups
 * packed within HubSpot's limits, and create/patch bodies. Pure functions; no I/O.
 */
import type { CrmCompanyInput, CrmCompanyQuery, CrmField, CrmPersonInput, CrmPersonQuery } from '../../../domain/crm';
import { linkedinUrlVariants, normalizeDomain, normalizeEmail, normalizeName, personValuesFromInput, type PersonValues } from '../../../domain/crm-match';
import { chunk, clean, distinct } from '../shared';
import { hubspotError } from './errors';
import {
  HUBSPOT_DEFAULT_BASE_URL,
  HUBSPOT_MAX_FILTER_GROUPS,
  HUBSPOT_MAX_FILTERS,
  HUBSPOT_MAX_IN_VALUES,
  HUBSPOT_SEARCH_PAGE,
} from './types';

/**
 * The API host for a token: `pat-eu1-…` → `https://api-eu1.hubapi.com` (likewise any shard but na1), otherwise
 * `https://api.hubapi.com`. `override` (a build pointed at the sandbox) wins.
 */
export function hubspotApiBaseUrl(accessToken: string, override?: string): string {
  if (override && override.trim() !== '') return override.trim().replace(/\/+$/, '');
  const shard = /^pat-([a-z]{2}\d+)-/i.exec(accessToken.trim())?.[1]?.toLowerCase();
  return shard && shard !== 'na1' ? `https://api-${shard}.hubapi.com` : HUBSPOT_DEFAULT_BASE_URL;
}

/** Contact properties Sidecar reads. */
export function contactProperties(linkedinProperty: string | null): string[] {
  return [
    'email',
    'firstname',
    'lastname',
    'jobtitle',
    'company',
    'phone',
    'mobilephone',
    'hs_additional_emails',
    'hubspot_owner_id',
    'notes_last_updated',
    'associatedcompanyid',
    'createdate',
    'lastmodifieddate',
    ...(linkedinProperty ? [linkedinProperty] : []),
  ];
}

/** Company properties Sidecar reads. */
export const COMPANY_PROPERTIES = ['name', 'domain', 'phone', 'linkedin_company_page', 'hubspot_owner_id', 'notes_last_updated', 'createdate', 'hs_lastmodifieddate'];

/** The fields an update compares for a HubSpot contact. */
export function contactFields(linkedinProperty: string | null): CrmField[] {
  return ['firstName', 'lastName', 'title', 'companyName', 'email', 'phone', 'mobilePhone', ...(linkedinProperty ? (['linkedinUrl'] as const) : [])];
}

/** Diff field → contact property. */
export function propertyOf(field: CrmField, linkedinProperty: string | null): string | undefined {
  const map: Partial<Record<CrmField, string>> = {
    firstName: 'firstname',
    lastName: 'lastname',
    title: 'jobtitle',
    companyName: 'company',
    email: 'email',
    phone: 'phone',
    mobilePhone: 'mobilephone',
  };
  if (field === 'linkedinUrl') return linkedinProperty ?? undefined;
  return map[field];
}

/** The properties that write `fields` of `values`. Never an empty string (which would clear the property). */
export function propertiesFor(values: PersonValues, fields: readonly CrmField[], linkedinProperty: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    if (field === 'emails' || field === 'phones') continue;
    const property = propertyOf(field, linkedinProperty);
    const value = clean(values[field]);
    if (property && value) out[property] = value;
  }
  return out;
}

/** Properties of a new contact. */
export function newContactProperties(input: CrmPersonInput, linkedinProperty: string | null): Record<string, string> {
  const values = personValuesFromInput(input);
  if (values.email) values.email = normalizeEmail(values.email) ?? values.email;
  const properties = propertiesFor(values, contactFields(linkedinProperty), linkedinProperty);
  if (Object.keys(properties).length === 0 || !(properties.email || properties.firstname || properties.lastname)) {
    throw hubspotError('validation', { detail: 'a contact needs an email, a first name or a last name', field: 'email' });
  }
  return properties;
}

/** Properties of a new company. */
export function newCompanyProperties(input: CrmCompanyInput): Record<string, string> {
  const name = clean(input.name);
  if (!name) throw hubspotError('validation', { detail: 'a company needs a name', field: 'name' });
  const out: Record<string, string> = { name };
  const domain = normalizeDomain(input.domain);
  if (domain) out.domain = domain;
  const phone = clean(input.phone);
  if (phone) out.phone = phone;
  const linkedin = clean(input.linkedinUrl);
  if (linkedin) out.linkedin_company_page = linkedin;
  return out;
}

export interface Filter {
  propertyName: string;
  operator: 'EQ' | 'IN' | 'CONTAINS_TOKEN';
  value?: string;
  values?: string[];
}
export type FilterGroup = { filters: Filter[] };

/**
 * Filter groups that find every person query in as few searches as possible: one `email IN […]` group per 100
 * emails (IN takes lower-case values), one `<linkedin> IN […]` group per 100 URL forms, and one
 * `firstname EQ ∧ lastname EQ` group per named query (the company is compared afterwards, so that a namesake at
 * another company still shows as a possible match).
 */
export function peopleFilterGroups(queries: readonly CrmPersonQuery[], linkedinProperty: string | null, skipEmails = false): FilterGroup[] {
  const groups: FilterGroup[] = [];
  const emails = skipEmails ? [] : distinct(queries.map((q) => normalizeEmail(q.email)));
  for (const part of chunk(emails, HUBSPOT_MAX_IN_VALUES)) groups.push({ filters: [{ propertyName: 'email', operator: 'IN', values: part }] });
  if (linkedinProperty) {
    const urls = distinct(queries.flatMap((q) => linkedinUrlVariants(q.linkedinUrl).map((u) => u.toLowerCase())));
    for (const part of chunk(urls, HUBSPOT_MAX_IN_VALUES)) groups.push({ filters: [{ propertyName: linkedinProperty, operator: 'IN', values: part }] });
  }
  const names = new Map<string, FilterGroup>();
  for (const query of queries) {
    const first = clean(query.firstName);
    const last = clean(query.lastName);
    if (!first || !last) continue;
    const key = `${normalizeName(first)}|${normalizeName(last)}`;
    if (!names.has(key)) {
      names.set(key, {
        filters: [
          { propertyName: 'firstname', operator: 'EQ', value: first },
          { propertyName: 'lastname', operator: 'EQ', value: last },
        ],
      });
    }
  }
  return [...groups, ...names.values()];
}

/** Filter groups for company queries: `domain IN […]` (bare and `www.` forms), then `name EQ` per named query. */
export function companyFilterGroups(queries: readonly CrmCompanyQuery[]): FilterGroup[] {
  const groups: FilterGroup[] = [];
  const domains = distinct(queries.flatMap((q) => {
    const domain = normalizeDomain(q.domain);
    return domain ? [domain, `www.${domain}`] : [];
  }));
  for (const part of chunk(domains, HUBSPOT_MAX_IN_VALUES)) groups.push({ filters: [{ propertyName: 'domain', operator: 'IN', values: part }] });
  for (const name of distinct(queries.map((q) => clean(q.name)))) groups.push({ filters: [{ propertyName: 'name', operator: 'EQ', value: name }] });
  return groups;
}

/** Groups packed into requests of at most 5 groups and 25 filters. */
export function packGroups(groups: readonly FilterGroup[]): FilterGroup[][] {
  const requests: FilterGroup[][] = [];
  let current: FilterGroup[] = [];
  let filters = 0;
  for (const group of groups) {
    if (current.length > 0 && (current.length >= HUBSPOT_MAX_FILTER_GROUPS || filters + group.filters.length > HUBSPOT_MAX_FILTERS)) {
      requests.push(current);
      current = [];
      filters = 0;
    }
    current.push(group);
    filters += group.filters.length;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * A search body. HubSpot's spec marks `after`, `limit`, `properties` and `sorts` required, but the API does not
 * require them (docs/crm.md §1.3): `after` is sent only when paging, `sorts` never.
 */
export function searchBody(filterGroups: FilterGroup[], properties: string[], after?: string): Record<string, unknown> {
  return { filterGroups, properties, limit: HUBSPOT_SEARCH_PAGE, ...(after ? { after } : {}) };
}

/** A record id (or email, with `idProperty=email`) as a path segment; blank or slash-bearing ids fail before sending. */
export function idSegment(id: string, what = 'record id'): string {
  const value = clean(id);
  if (!value || value.includes('/')) throw hubspotError('validation', { detail: `${what} must be a non-empty id` });
  return encodeURIComponent(value);
}
