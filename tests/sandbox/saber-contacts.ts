/**
 * The fake Saber's contact endpoints: contact research (async), Sales Navigator contact search, the email finder and
 * credits. Saber does not publish what research and the email finder cost (docs/providers.md §6): here a research
 * job costs `researchCredits` when created and the email finder `findEmailCredits` when it finds an email (not found
 * is free); more than the credits left answers 402 INSUFFICIENT_CREDITS, as a signal does. Search is free.
 */
import { linkedinUrlOf, normalizeSlug, toAscii } from './dataset';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import { hashOf } from './saber-answers';
import {
  contactResearchRequestSchema,
  contactSearchRequestSchema,
  findEmailRequestSchema,
  flatError,
  platformError,
  validate,
} from './saber-schemas';
import { domainKey, profileSlug, type SaberContext } from './saber-signals';
import { saberCreditsRemaining, type ResearchRecord } from './saber-state';

/** Dataset department → Sales Navigator function. */
const FUNCTION_OF: Readonly<Record<string, string>> = {
  'Engineering & Technical': 'Engineering',
  Sales: 'Sales',
  Marketing: 'Marketing',
  Product: 'Product Management',
  Finance: 'Finance',
  'Human Resources': 'Human Resources',
  Operations: 'Operations',
  'Business Development': 'Business Development',
  'Customer Service': 'Customer Success and Support',
  Legal: 'Legal',
  'Information Technology': 'Information Technology',
  'General Management': 'Entrepreneurship',
};

/** Dataset seniority → Sales Navigator seniority. */
const SENIORITY_OF: Readonly<Record<string, string>> = {
  Founder: 'Owner / Partner',
  'C-Suite': 'CXO',
  'Vice President': 'Vice President',
  Director: 'Director',
  Manager: 'Experienced Manager',
  Senior: 'Senior',
  Entry: 'Entry Level',
};

/** Folds text for comparison: no accents, lower-case, single spaces. */
const fold = (text: string): string =>
  toAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------------------
// Credits

/** `GET /v1/credits`. */
export function getCredits(ctx: SaberContext): ApiResponse {
  return json(200, { remainingCredits: saberCreditsRemaining(ctx.account) });
}

// ---------------------------------------------------------------------------------------------------------------
// Contact research

function findResearchSubject(ctx: SaberContext, record: ResearchRecord['request']): { person: SandboxPerson; company: SandboxCompany } | undefined {
  const slug = record.contactProfileUrl ? profileSlug(record.contactProfileUrl) : undefined;
  const bySlug = slug ? ctx.index.peopleBySlug.get(slug) : undefined;
  const company = ctx.index.companiesByDomain.get(domainKey(record.companyDomain));
  const person =
    bySlug ??
    (company
      ? (ctx.index.peopleByCompany.get(company.id) ?? []).find(
          (p) => fold(p.firstName) === fold(record.firstName) && fold(p.lastName) === fold(record.lastName),
        )
      : undefined);
  const employer = person ? ctx.index.companiesById.get(person.companyId) : undefined;
  return person && employer ? { person, company: employer } : undefined;
}

/** The finished fields of a research job (fictional, from the dataset). */
function researchResult(ctx: SaberContext, request: ResearchRecord['request']): ResearchRecord['result'] {
  const found = findResearchSubject(ctx, request);
  if (!found) return { status: 'failed', error: 'Could not find enough information about this contact.' };
  const { person, company } = found;
  const email = person.emails.find((e) => e.type === 'work')?.email ?? null;
  return {
    status: 'completed',
    details: {
      fullName: `${person.firstName} ${person.lastName}`,
      jobTitle: person.title,
      headline: person.headline,
      seniority: SENIORITY_OF[person.seniority] ?? person.seniority,
      location: `${person.location.city}, ${person.location.country}`,
      linkedInProfileUrl: linkedinUrlOf(person),
      email,
      summary: `${person.firstName} ${person.lastName} is ${person.title} at ${company.name} (${company.industry}), based in ${person.location.city}.`,
      talkingPoints: [`${company.name}'s ${company.industry} market`, `Their work in ${person.departments[0] ?? 'the team'}`],
      sources: [{ title: `${company.name} team`, url: `https://${company.domain}/team`, snippet: person.headline }],
    },
  };
}

function researchView(record: ResearchRecord, now: number): Record<string, unknown> {
  const done = now >= record.completesAt;
  const view: Record<string, unknown> = {
    id: record.id,
    status: done ? record.result.status : 'processing',
    ...record.request,
    createdAt: iso(record.createdAt),
  };
  if (record.externalId) view.externalId = record.externalId;
  if (record.externalSource) view.externalSource = record.externalSource;
  if (!done) return view;
  view.completedAt = iso(record.completesAt);
  if (record.result.status === 'completed') Object.assign(view, record.result.details);
  else view.error = record.result.error;
  return view;
}

/** 402 in the platform envelope when `cost` is more than the credits left, else undefined. */
function insufficient(ctx: SaberContext, cost: number, what: string): ApiResponse | undefined {
  const remaining = saberCreditsRemaining(ctx.account);
  if (cost <= remaining) return undefined;
  return platformError(
    402,
    { type: 'PAYMENT_REQUIRED', code: 'INSUFFICIENT_CREDITS', message: `Insufficient credits: ${what} costs ${cost} credit${cost === 1 ? '' : 's'}, ${remaining} remaining` },
    ctx.ids.request(),
  );
}

/** `POST /v1/contacts/research`: 201 with the processing job (charged now); it finishes `completionDelayMs` later. */
export function createResearch(ctx: SaberContext, body: unknown): ApiResponse {
  const parsed = validate(contactResearchRequestSchema, body, ctx.ids.request);
  if (!parsed.ok) return parsed.response;
  const refused = insufficient(ctx, ctx.behaviour.researchCredits, 'a contact research');
  if (refused) return refused;
  ctx.account.creditsUsed += ctx.behaviour.researchCredits;
  const { externalId, externalSource, webhookUrl: _webhook, linkedInSalesNavigatorUrl: _salesNav, ...request } = parsed.value;
  const now = ctx.now();
  const record: ResearchRecord = {
    id: ctx.ids.research(),
    seq: ctx.ids.seq(),
    request: { ...request, companyDomain: request.companyDomain.toLowerCase() },
    ...(externalId ? { externalId } : {}),
    ...(externalSource ? { externalSource } : {}),
    createdAt: now,
    completesAt: now + ctx.behaviour.completionDelayMs,
    result: researchResult(ctx, request),
  };
  ctx.account.research.push(record);
  return json(201, researchView(record, now));
}

/** `GET /v1/contacts/research/{id}`. */
export function getResearch(ctx: SaberContext, id: string): ApiResponse {
  const record = ctx.account.research.find((r) => r.id === id);
  if (!record) return flatError(404, 'NOT_FOUND', 'Contact research not found or access denied');
  return json(200, researchView(record, ctx.now()));
}

/** `GET /v1/contacts/research?externalId=&externalSource=` (both required). */
export function getResearchByExternalId(ctx: SaberContext, query: URLSearchParams): ApiResponse {
  const externalId = query.get('externalId');
  const externalSource = query.get('externalSource');
  if (!externalId || !externalSource || externalId.length > 100 || externalSource.length > 50) {
    return flatError(400, 'VALIDATION_ERROR', 'Query parameters externalId and externalSource are required');
  }
  const matches = ctx.account.research.filter((r) => r.externalId === externalId && r.externalSource === externalSource);
  const record = matches.sort((a, b) => b.seq - a.seq)[0];
  if (!record) return flatError(404, 'NOT_FOUND', 'Contact research not found or access denied');
  return json(200, researchView(record, ctx.now()));
}

// ---------------------------------------------------------------------------------------------------------------
// Contact search (Sales Navigator)

/** The company slug of a LinkedIn `/company/` URL, or undefined when the URL is not one. */
function companySlug(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return undefined;
  const [section, slug] = url.pathname.split('/').filter(Boolean);
  return section?.toLowerCase() === 'company' && slug ? normalizeSlug(slug) : undefined;
}

function prospectView(person: SandboxPerson, company: SandboxCompany): Record<string, unknown> {
  const view: Record<string, unknown> = {
    firstName: person.firstName,
    lastName: person.lastName,
    fullName: `${person.firstName} ${person.lastName}`,
    headline: person.headline,
    role: person.title,
    companyName: company.name,
    location: `${person.location.city}, ${person.location.state ?? person.location.country}`,
    seniority: [SENIORITY_OF[person.seniority] ?? person.seniority],
    linkedInProfileUrl: linkedinUrlOf(person),
    linkedInSalesNavigatorProfileUrl: `https://www.linkedin.com/sales/lead/ACwAAA${person.id},NAME_SEARCH,${(hashOf(person.id) & 0xffff).toString(16)}`,
  };
  if (person.photo) view.avatar = `https://media.example/avatars/${person.id}.jpg`;
  return view;
}

/**
 * `POST /v1/contacts/search`. Filters AND together; values inside one filter OR together. `keywords` is split on
 * commas and matches title, headline or department. A disconnected Sales Navigator answers 200 with
 * `salesNavConnected: false` and no items. A `companyLinkedInUrls` entry that is not a LinkedIn company URL → 422.
 */
export function searchContacts(ctx: SaberContext, body: unknown): ApiResponse {
  const parsed = validate(contactSearchRequestSchema, body, ctx.ids.request);
  if (!parsed.ok) return parsed.response;
  const request = parsed.value;
  const limit = request.limit ?? 25;
  const offset = request.offset ?? 0;
  if (!ctx.account.config.salesNavConnected) {
    return json(200, { items: [], total: 0, limit, offset, hasMore: false, salesNavConnected: false });
  }

  let companyIds: Set<string> | undefined;
  if (request.companyLinkedInUrls && request.companyLinkedInUrls.length > 0) {
    companyIds = new Set();
    for (const url of request.companyLinkedInUrls) {
      const slug = companySlug(url);
      if (!slug) {
        return platformError(
          422,
          { type: 'UNPROCESSABLE_ENTITY', code: 'INVALID_LINKEDIN_URL', message: `Could not process LinkedIn URL: ${url}` },
          ctx.ids.request(),
        );
      }
      const company = ctx.index.companiesBySlug.get(slug);
      if (company) companyIds.add(company.id);
    }
  }
  const titles = (request.jobTitles ?? []).map(fold).filter(Boolean);
  const keywords = (request.keywords ?? '').split(',').map(fold).filter(Boolean);
  const countries = new Set(request.countries ?? []);
  const functions = new Set(request.departments ?? []);
  const seniorities = new Set(request.seniorityLevels ?? []);
  const first = request.firstName ? fold(request.firstName) : '';
  const last = request.lastName ? fold(request.lastName) : '';

  const matches = ctx.index.dataset.people.filter((person) => {
    if (companyIds && !companyIds.has(person.companyId)) return false;
    if (first && fold(person.firstName) !== first) return false;
    if (last && fold(person.lastName) !== last) return false;
    const title = fold(person.title);
    if (titles.length > 0 && !titles.some((t) => title.includes(t))) return false;
    if (keywords.length > 0) {
      const haystack = fold(`${person.title} ${person.headline} ${person.departments.join(' ')}`);
      if (!keywords.some((k) => haystack.includes(k))) return false;
    }
    if (countries.size > 0 && !countries.has(person.location.countryIso2)) return false;
    if (functions.size > 0 && !person.departments.some((d) => functions.has(FUNCTION_OF[d] ?? d))) return false;
    if (seniorities.size > 0 && !seniorities.has(SENIORITY_OF[person.seniority] ?? person.seniority)) return false;
    return true;
  });
  const items = matches.slice(offset, offset + limit).flatMap((person) => {
    const company = ctx.index.companiesById.get(person.companyId);
    return company ? [prospectView(person, company)] : [];
  });
  return json(200, { items, total: matches.length, limit, offset, hasMore: offset + items.length < matches.length, salesNavConnected: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Email finder

/**
 * `POST /v1/contacts/find-email`: the work email of the person at the domain's company whose first and last names
 * match the first and last words of `full_name` (accents and case ignored). Confidence A+/A → deliverable, others
 * → risky. Not found (or no email): 200 with nulls.
 */
export function findEmail(ctx: SaberContext, body: unknown): ApiResponse {
  const parsed = validate(findEmailRequestSchema, body, ctx.ids.request);
  if (!parsed.ok) return parsed.response;
  const words = fold(parsed.value.full_name).split(' ');
  const company = ctx.index.companiesByDomain.get(domainKey(parsed.value.domain));
  const people = company ? (ctx.index.peopleByCompany.get(company.id) ?? []) : [];
  const person = people.find((p) => {
    const firstWords = fold(p.firstName).split(' ');
    const lastWords = fold(p.lastName).split(' ');
    const name = [...firstWords, ...lastWords];
    return name.join(' ') === words.join(' ') || (firstWords[0] === words[0] && lastWords.at(-1) === words.at(-1));
  });
  const email = person?.emails.find((e) => e.type === 'work');
  if (!person || !email) return json(200, { email: null, verification: null });
  const refused = insufficient(ctx, ctx.behaviour.findEmailCredits, 'finding an email');
  if (refused) return refused;
  ctx.account.creditsUsed += ctx.behaviour.findEmailCredits;
  const strong = email.confidence === 'A+' || email.confidence === 'A';
  const hash = hashOf(person.id);
  return json(200, {
    email: email.email,
    verification: { state: strong ? 'deliverable' : 'risky', score: strong ? 90 + (hash % 10) : 55 + (hash % 20), accept_all: !strong && hash % 2 === 0 },
  });
}
