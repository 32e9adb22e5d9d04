/**
 * Request bodies and query strings for Saber v1, checked before anything is sent: a request Saber would reject,
 * or one that would spend credits on a malformed question, fails here with a 'validation' SidecarError instead.
 * Bodies carry only known keys and no undefined values. Pure functions, no I/O.
 */
import { normalizeDomain } from '../../domain/normalize';
import { ANSWER_TYPES, QUESTION_STATUSES } from '../../domain/saber-answer';
import { saberError } from './errors';
import {
  SABER_MAX_QUESTION_LENGTH,
  SABER_MAX_SEARCH_PAGE,
  SABER_MAX_SIGNAL_PAGE,
  type CompanySignalFilters,
  type ContactResearchInput,
  type ContactSignalFilters,
  type ProspectSearchInput,
  type QuestionOptions,
  type TemplateFilters,
} from './types';

/** Saber's domain pattern: a bare hostname, no scheme, port or path. */
const DOMAIN_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const WEIGHTS = ['important', 'nice_to_have', 'not_important'] as const;
const VERIFICATION_MODES = ['strict', 'lenient'] as const;

function invalid(detail: string): never {
  throw saberError('validation', { detail });
}

/** `null`, `undefined` and blank strings become undefined; other strings are trimmed. */
function text(value: string | null | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export { normalizeDomain } from '../../domain/normalize';

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A LinkedIn profile URL in any common form (no scheme, another subdomain, trailing slash, query, raw or
 * percent-encoded slug) → `https://www.linkedin.com/in/<slug>`, slug lower-case and percent-encoded, so the same
 * person always hits Saber's cache. Another http(s) profile URL is kept as given; anything else is undefined.
 */
export function normalizeProfileUrl(value: string | null | undefined): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const match = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/in\/([^/?#]+)/i.exec(raw);
  if (match?.[1]) return `https://www.linkedin.com/in/${encodeURIComponent(safeDecode(match[1]).normalize('NFC').toLowerCase())}`;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

function requireDomain(value: string, field: string): string {
  const domain = normalizeDomain(value);
  if (!domain || !DOMAIN_PATTERN.test(domain)) invalid(`${field} must be a bare domain such as "acme.com"`);
  return domain;
}

function httpUrl(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return value.trim();
  } catch {
    // Fall through.
  }
  return invalid(`${field} must be an http(s) URL`);
}

function integerIn(value: number | undefined, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) invalid(`${field} must be an integer from ${min} to ${max}`);
  return value;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** The question fields shared by company and contact signals. */
function questionFields(input: QuestionOptions): Record<string, unknown> {
  const signalTemplateId = text(input.signalTemplateId);
  if (input.signalTemplateId !== undefined && !signalTemplateId) invalid('signalTemplateId must not be blank');
  const question = text(input.question);
  if (!question && !signalTemplateId) invalid('question is required (or a signalTemplateId)');
  if (question && question.length > SABER_MAX_QUESTION_LENGTH) {
    invalid(`question is ${question.length} characters; Saber takes at most ${SABER_MAX_QUESTION_LENGTH}`);
  }
  if (input.answerType !== undefined && !(ANSWER_TYPES as readonly string[]).includes(input.answerType)) {
    invalid(`answerType must be one of ${ANSWER_TYPES.join(', ')}`);
  }
  if (input.outputSchema !== undefined && !isPlainObject(input.outputSchema)) invalid('outputSchema must be an object');
  if (input.answerType === 'json_schema' && input.outputSchema === undefined) invalid('answerType json_schema needs an outputSchema');
  if (input.weight !== undefined && !(WEIGHTS as readonly string[]).includes(input.weight)) {
    invalid(`weight must be one of ${WEIGHTS.join(', ')}`);
  }
  if (input.verificationMode !== undefined && !(VERIFICATION_MODES as readonly string[]).includes(input.verificationMode)) {
    invalid(`verificationMode must be one of ${VERIFICATION_MODES.join(', ')}`);
  }
  if (input.qualificationCriteria !== undefined && !isPlainObject(input.qualificationCriteria)) {
    invalid('qualificationCriteria must be an object');
  }
  if (input.connectors !== undefined && !isPlainObject(input.connectors)) invalid('connectors must be an object');
  if (input.forceRefresh !== undefined && typeof input.forceRefresh !== 'boolean') invalid('forceRefresh must be a boolean');
  return dropUndefined({
    question,
    answerType: input.answerType,
    outputSchema: input.outputSchema,
    weight: input.weight,
    qualificationCriteria: input.qualificationCriteria,
    signalTemplateId,
    forceRefresh: input.forceRefresh,
    verificationMode: input.verificationMode,
    webhookUrl: httpUrl(input.webhookUrl, 'webhookUrl'),
    connectors: input.connectors,
  });
}

/** Body of `POST /v1/companies/signals`. */
export function companyQuestionBody(input: QuestionOptions & { domain: string }): Record<string, unknown> {
  if (typeof input.domain !== 'string') invalid('domain is required');
  return { domain: requireDomain(input.domain, 'domain'), ...questionFields(input) };
}

/** Body of `POST /v1/contacts/signals`. */
export function contactQuestionBody(input: QuestionOptions & { contactProfileUrl: string }): Record<string, unknown> {
  const contactProfileUrl = normalizeProfileUrl(input.contactProfileUrl);
  if (!contactProfileUrl) invalid('contactProfileUrl must be a LinkedIn (or other http(s)) profile URL');
  return { contactProfileUrl, ...questionFields(input) };
}

/** `limit`/`offset` query parameters. */
function paging(params: URLSearchParams, limit: number | undefined, offset: number | undefined, maxLimit: number): void {
  const checkedLimit = integerIn(limit, 'limit', 1, maxLimit);
  const checkedOffset = integerIn(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  if (checkedLimit !== undefined) params.set('limit', String(checkedLimit));
  if (checkedOffset !== undefined) params.set('offset', String(checkedOffset));
}

function rfc3339(value: string | undefined, field: string): string | undefined {
  const trimmed = text(value);
  if (value !== undefined && (!trimmed || Number.isNaN(Date.parse(trimmed)))) invalid(`${field} must be an RFC 3339 date-time`);
  return trimmed;
}

/** `?query` of `GET /v1/companies/signals` ('' when empty); `status` repeats. */
export function companySignalQuery(filters: CompanySignalFilters = {}): string {
  const params = new URLSearchParams();
  if (filters.domain !== undefined) params.set('domain', requireDomain(filters.domain, 'domain'));
  const companyId = text(filters.companyId);
  if (companyId) params.set('companyId', companyId);
  for (const status of filters.status ?? []) {
    if (!(QUESTION_STATUSES as readonly string[]).includes(status)) invalid(`status must be one of ${QUESTION_STATUSES.join(', ')}`);
    params.append('status', status);
  }
  const fromDate = rfc3339(filters.fromDate, 'fromDate');
  const toDate = rfc3339(filters.toDate, 'toDate');
  if (fromDate) params.set('fromDate', fromDate);
  if (toDate) params.set('toDate', toDate);
  const subscriptionId = text(filters.subscriptionId);
  if (subscriptionId) params.set('subscriptionId', subscriptionId);
  paging(params, filters.limit, filters.offset, SABER_MAX_SIGNAL_PAGE);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** `?query` of `GET /v1/contacts/signals`. */
export function contactSignalQuery(filters: ContactSignalFilters = {}): string {
  const params = new URLSearchParams();
  if (filters.contactProfileUrl !== undefined) {
    const url = normalizeProfileUrl(filters.contactProfileUrl);
    if (!url) invalid('contactProfileUrl must be a LinkedIn (or other http(s)) profile URL');
    params.set('contactProfileUrl', url);
  }
  paging(params, filters.limit, filters.offset, SABER_MAX_SIGNAL_PAGE);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** `?query` of `GET /v1/companies/signals/templates`. */
export function templateQuery(filters: TemplateFilters = {}): string {
  const params = new URLSearchParams();
  paging(params, filters.limit, filters.offset, 100);
  if (filters.includeDeleted !== undefined) params.set('includeDeleted', String(filters.includeDeleted));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** An id the caller holds, trimmed; blank (or over-long) ids never leave the client. */
export function requiredId(id: string, what: string): string {
  const max = 200;
  const trimmed = text(typeof id === 'string' ? id : undefined);
  if (!trimmed) invalid(`${what} must be a non-empty string`);
  if (trimmed.length > max) invalid(`${what} is longer than ${max} characters`);
  return trimmed;
}

/** An id as a path segment. */
export function idSegment(id: string, what: string): string {
  return encodeURIComponent(requiredId(id, what));
}

function requiredText(value: string | undefined, field: string, max = 200): string {
  const trimmed = text(value);
  if (!trimmed) invalid(`${field} is required`);
  if (trimmed.length > max) invalid(`${field} is longer than ${max} characters`);
  return trimmed;
}

function optionalText(value: string | undefined, field: string, max: number): string | undefined {
  const trimmed = text(value);
  if (trimmed && trimmed.length > max) invalid(`${field} is longer than ${max} characters`);
  return trimmed;
}

/** Body of `POST /v1/contacts/research`. */
export function contactResearchBody(input: ContactResearchInput): Record<string, unknown> {
  let contactProfileUrl: string | undefined;
  if (text(input.contactProfileUrl)) {
    contactProfileUrl = normalizeProfileUrl(input.contactProfileUrl);
    if (!contactProfileUrl) invalid('contactProfileUrl must be a LinkedIn (or other http(s)) profile URL');
  }
  return dropUndefined({
    firstName: requiredText(input.firstName, 'firstName'),
    lastName: requiredText(input.lastName, 'lastName'),
    companyName: requiredText(input.companyName, 'companyName'),
    companyDomain: requireDomain(requiredText(input.companyDomain, 'companyDomain'), 'companyDomain'),
    contactProfileUrl,
    linkedInSalesNavigatorUrl: httpUrl(text(input.linkedInSalesNavigatorUrl), 'linkedInSalesNavigatorUrl'),
    jobTitle: optionalText(input.jobTitle, 'jobTitle', 200),
    webhookUrl: httpUrl(text(input.webhookUrl), 'webhookUrl'),
  });
}

function stringList(values: string[] | undefined, field: string, map: (value: string) => string = (v) => v): string[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values)) invalid(`${field} must be an array`);
  const cleaned = values.map((value) => text(typeof value === 'string' ? value : undefined));
  if (cleaned.some((value) => value === undefined)) invalid(`${field} must hold non-empty strings`);
  const list = [...new Set((cleaned as string[]).map(map))];
  return list.length > 0 ? list : undefined;
}

/** Body of `POST /v1/contacts/search`: at least one filter; ISO-2 countries; limit 1..100. */
export function prospectSearchBody(input: ProspectSearchInput): Record<string, unknown> {
  const countries = stringList(input.countries, 'countries', (c) => c.toUpperCase());
  if (countries?.some((c) => !/^[A-Z]{2}$/.test(c))) invalid('countries must be ISO 3166-1 alpha-2 codes such as "US"');
  const filters = dropUndefined({
    companyLinkedInUrls: stringList(input.companyLinkedInUrls, 'companyLinkedInUrls'),
    firstName: optionalText(input.firstName, 'firstName', 100),
    lastName: optionalText(input.lastName, 'lastName', 100),
    jobTitles: stringList(input.jobTitles, 'jobTitles'),
    keywords: optionalText(input.keywords, 'keywords', 500),
    countries,
    departments: stringList(input.departments, 'departments'),
    seniorityLevels: stringList(input.seniorityLevels, 'seniorityLevels'),
  });
  if (Object.keys(filters).length === 0) invalid('contact search needs at least one filter');
  return dropUndefined({
    ...filters,
    limit: integerIn(input.limit, 'limit', 1, SABER_MAX_SEARCH_PAGE),
    offset: integerIn(input.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
  });
}

/** Body of `POST /v1/contacts/find-email`: snake_case, a 2–3 word name. */
export function findEmailBody(fullName: string, domain: string): Record<string, string> {
  const name = text(typeof fullName === 'string' ? fullName.replace(/\s+/g, ' ') : undefined);
  const words = name?.split(' ').length ?? 0;
  if (!name || words < 2 || words > 3) invalid('full name must be 2 or 3 words, e.g. "Jane Doe"');
  return { full_name: name, domain: requireDomain(domain, 'domain') };
}
