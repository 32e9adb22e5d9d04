/**
 * Request bodies and paths, exactly as the V3 spec names them, with the checks Lusha would otherwise answer with a
 * 400 (and, for spending calls, the checks that keep us from paying for something nobody asked for). Every check
 * fails with a SidecarError of kind 'validation' before any request is made. Pure functions.
 */
import { COMPANY_REVEAL_FIELDS, type CompanyRevealField } from '../../domain/company';
import { REVEAL_FIELDS, type RevealField } from '../../domain/contact';
import { lushaError } from './errors';
import { toCompanySearchItemBody } from './to-company';
import { toSearchItemBody } from './to-domain';
import {
  LUSHA_BUYING_GROUP_PERSONAS,
  LUSHA_MAX_BATCH,
  LUSHA_MAX_BUYING_GROUP_COMPANIES,
  LUSHA_PROSPECTING_PAGE,
  type BuyingGroupInit,
  type LushaBuyingGroupCompany,
  type LushaCompanySearchItem,
  type LushaSearchItem,
  type LushaSignalFilter,
  type ProspectingInit,
  type ProspectingQuery,
} from './types';

export function invalid(detail: string): never {
  throw lushaError('validation', { detail });
}

/** 1..`max` items. */
export function checkBatch(count: number, what: string, max = LUSHA_MAX_BATCH): void {
  if (count < 1 || count > max) invalid(`${what}: ${count} items; Lusha takes 1 to ${max}`);
}

/** Non-empty string ids, 1..100 of them. */
export function checkIds(ids: readonly string[], what = 'ids'): void {
  checkBatch(ids.length, what);
  if (ids.some((id) => typeof id !== 'string' || id.trim() === '')) invalid(`${what} must be non-empty strings`);
}

/** The distinct members of `values`, each of which must be one of `allowed`. */
export function checkEnum<T extends string>(values: readonly T[], allowed: readonly string[], what: string): T[] {
  const distinct = [...new Set(values)];
  const wrong = distinct.filter((v) => !allowed.includes(v));
  if (wrong.length > 0) invalid(`${what}: ${wrong.join(', ')} not one of ${allowed.join(', ')}`);
  return distinct;
}

/** A real calendar date written YYYY-MM-DD. */
export function checkDate(value: string, what: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) invalid(`${what} must be a date written YYYY-MM-DD, got "${value}"`);
  return value;
}

function checkInt(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) invalid(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** Contact reveal fields: at least one, each emails|phones. Lusha reads an omitted `reveal` as "both". */
export function checkContactReveal(reveal: readonly RevealField[]): RevealField[] {
  const fields = [...new Set(reveal)];
  if (fields.length === 0 || fields.some((f) => !(REVEAL_FIELDS as readonly string[]).includes(f))) {
    invalid(`reveal must list some of ${REVEAL_FIELDS.join(', ')}`);
  }
  return fields;
}

export function checkCompanyReveal(reveal: readonly CompanyRevealField[]): CompanyRevealField[] {
  return checkEnum(reveal, COMPANY_REVEAL_FIELDS, 'reveal');
}

/** `startDate` and `maxResultsPerSignal` of a signals request or a search's `signals` filter. */
function windowFields(init: { startDate?: string; maxResultsPerSignal?: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (init.startDate !== undefined) out.startDate = checkDate(init.startDate, 'startDate');
  if (init.maxResultsPerSignal !== undefined) out.maxResultsPerSignal = checkInt(init.maxResultsPerSignal, 1, 100, 'maxResultsPerSignal');
  return out;
}

/** `V3ContactSignalsDto` / `V3CompanySignalsDto` (a search's `signals`). */
export function signalFilterBody<T extends string>(filter: LushaSignalFilter<T>, allowed: readonly string[]): Record<string, unknown> {
  const types = checkEnum(filter.types, allowed, 'signals.types');
  if (types.length === 0) invalid('signals.types must name at least one signal type');
  return { types, ...windowFields(filter) };
}

/** `V3ContactSignalsRequest` / `V3CompanySignalsRequest` (minus `filters`, which only companies have). */
export function signalsBody<T extends string>(
  ids: readonly string[],
  types: readonly T[],
  allowed: readonly string[],
  init: { startDate?: string; maxResultsPerSignal?: number },
): Record<string, unknown> {
  checkIds(ids);
  const signalTypes = checkEnum(types, allowed, 'signalTypes');
  if (signalTypes.length === 0) invalid('signalTypes must name at least one signal type (Lusha requires it)');
  return { ids: [...ids], signalTypes, ...windowFields(init) };
}

/** Contact search items: 1..100, each with exactly the identifier forms Lusha accepts. */
export function contactItemsBody(items: readonly LushaSearchItem[]): Record<string, string>[] {
  checkBatch(items.length, 'contacts');
  return items.map(toSearchItemBody);
}

/** Company search items: 1..100, each with an id, a domain or a name. */
export function companyItemsBody(items: readonly LushaCompanySearchItem[]): Record<string, string>[] {
  checkBatch(items.length, 'companies');
  return items.map((item, index) => {
    const body = toCompanySearchItemBody(item);
    if (!body.id && !body.domain && !body.name) invalid(`companies.${index} needs an id, a domain or a name`);
    return body;
  });
}

/** `{ includePartialProfiles }` when set. */
export function searchOptions(init: { includePartialProfiles?: boolean } | undefined): Record<string, unknown> {
  return init?.includePartialProfiles === undefined ? {} : { options: { includePartialProfiles: init.includePartialProfiles } };
}

function list<T>(values: readonly T[] | undefined, what: string, check?: (v: T) => boolean): T[] | undefined {
  if (values === undefined) return undefined;
  const clean = values.filter((v) => (typeof v === 'string' ? v.trim() !== '' : true));
  if (check && clean.some((v) => !check(v))) invalid(`${what} has an invalid value`);
  return clean.length > 0 ? [...new Set(clean)] : undefined;
}

/** Clamp a requested page and size into what we send (0..1000, 10..50). */
export function prospectingPagination(init: ProspectingInit | undefined): { page: number; size: number } {
  const { minSize, maxSize, defaultSize, maxPage } = LUSHA_PROSPECTING_PAGE;
  const rawPage = Math.trunc(init?.page ?? 0);
  const rawSize = Math.trunc(init?.size ?? defaultSize);
  return {
    page: Number.isFinite(rawPage) ? Math.min(maxPage, Math.max(0, rawPage)) : 0,
    size: Number.isFinite(rawSize) ? Math.min(maxSize, Math.max(minSize, rawSize)) : defaultSize,
  };
}

/** `V3ProspectingContactsRequest` for one page; at least one filter is required. */
export function prospectingBody(query: ProspectingQuery, init: ProspectingInit | undefined): Record<string, unknown> {
  const companies = Object.fromEntries(
    Object.entries({
      domains: list(query.companyDomains, 'companyDomains'),
      ids: list(query.companyIds, 'companyIds'),
      names: list(query.companyNames, 'companyNames'),
    }).filter(([, v]) => v !== undefined),
  );
  if (query.searchText !== undefined && query.searchText.length > 200) invalid('searchText is longer than 200 characters');
  const searchText = query.searchText?.trim() ? query.searchText.trim() : undefined;
  const contacts = Object.fromEntries(
    Object.entries({
      jobTitles: list(query.jobTitles, 'jobTitles'),
      seniorityIds: list(query.seniorityIds, 'seniorityIds', (v) => Number.isInteger(v)),
      departments: list(query.departments, 'departments'),
      countries: list(query.countries, 'countries'),
      existingDataPoints: list(query.existingDataPoints, 'existingDataPoints'),
      searchText,
    }).filter(([, v]) => v !== undefined),
  );
  const excluded = list(query.excludeContactIds, 'excludeContactIds');
  if (Object.keys(companies).length === 0 && Object.keys(contacts).length === 0) {
    invalid('prospecting needs at least one company or person filter');
  }
  const filters: Record<string, unknown> = {};
  if (Object.keys(contacts).length > 0 || excluded) {
    filters.contacts = {
      ...(Object.keys(contacts).length > 0 ? { include: contacts } : {}),
      ...(excluded ? { exclude: { ids: excluded } } : {}),
    };
  }
  if (Object.keys(companies).length > 0) filters.companies = { include: companies };
  const options: Record<string, boolean> = {};
  if (init?.includePartialProfiles !== undefined) options.includePartialProfiles = init.includePartialProfiles;
  if (init?.excludeDnc !== undefined) options.excludeDnc = init.excludeDnc;
  return { pagination: prospectingPagination(init), filters, ...(Object.keys(options).length > 0 ? { options } : {}) };
}

/** `V3BuyingGroupRequest`: 1..25 companies, each by exactly one of domain or id. */
export function buyingGroupBody(companies: readonly LushaBuyingGroupCompany[], init: BuyingGroupInit | undefined): Record<string, unknown> {
  checkBatch(companies.length, 'companies', LUSHA_MAX_BUYING_GROUP_COMPANIES);
  const items = companies.map((company, index) => {
    const source = company as Partial<Record<'clientReferenceId' | 'domain' | 'id', unknown>>;
    const domain = typeof source.domain === 'string' ? source.domain.trim() : '';
    const id = typeof source.id === 'string' ? source.id.trim() : '';
    if ((domain === '') === (id === '')) invalid(`companies.${index} needs exactly one of domain or id`);
    const item: Record<string, string> = domain ? { domain } : { id };
    if (typeof source.clientReferenceId === 'string') item.clientReferenceId = source.clientReferenceId;
    return item;
  });
  const body: Record<string, unknown> = { companies: items };
  if (init?.personas !== undefined) {
    const personas = checkEnum(init.personas, LUSHA_BUYING_GROUP_PERSONAS, 'personas');
    if (personas.length > 0) body.personas = personas;
  }
  if (init?.contactsLimit !== undefined) body.contactsLimit = checkInt(init.contactsLimit, 1, Number.MAX_SAFE_INTEGER, 'contactsLimit');
  if (init?.page !== undefined || init?.size !== undefined) {
    body.pagination = {
      page: checkInt(init.page ?? 0, 0, Number.MAX_SAFE_INTEGER, 'page'),
      size: checkInt(init.size ?? 100, 10, 100, 'size'),
    };
  }
  return body;
}
