/**
 * The fake Lusha's company endpoints: `POST /v3/companies/search`, `POST /v3/companies/enrich` and
 * `POST /v3/companies/search-and-enrich`, over the dataset's companies and their profiles
 * (lusha-company-data.ts).
 *
 * Matching: `id`, `domain` (any form) or `name` (accents, punctuation, case ignored); several identifiers must
 * agree. Billing: search 1 credit per 25 results (`companySearch`); enrich `revealCompany` per company plus
 * `revealCompanyField` per requested extra the company holds; both 0 once this account paid for them
 * (`canReveal[].credits` then shows 0). Search-and-enrich: the search charge plus `revealCompany`. Extras Lusha
 * holds no value for are never charged (and come back `null` or `[]`).
 */
import { randomUUID } from 'node:crypto';
import { PRICING } from './accounts';
import { json, type ApiResponse } from './http';
import {
  COMPANY_REVEAL_FIELDS,
  companyProfile,
  holdsExtra,
  type CompanyProfile,
  type CompanyRevealField,
} from './lusha-company-data';
import { badRequest, LUSHA_ERRORS, type HandlerContext } from './lusha-contacts';
import { findCompany } from './lusha-matching';
import {
  companiesEnrichRequestSchema,
  companiesSearchAndEnrichRequestSchema,
  companiesSearchRequestSchema,
  type CompanySearchItem,
} from './lusha-request-schemas';
import { validate } from './lusha-schemas';
import { companySignalsServed, matchedTypes } from './lusha-signals';
import {
  charge,
  countSearchResults,
  creditsRemaining,
  isCompanyRevealed,
  markCompanyRevealed,
  searchCharge,
  type AccountState,
} from './lusha-state';

/** Per-item error of a company lookup. */
export const COMPANY_NOT_FOUND = { code: 'NOT_FOUND', message: 'Company not found' } as const;

/** Fields every profile has, as listed in `has`. */
const BASE_FIELDS = [
  'name',
  'domain',
  'employeeCount',
  'industry',
  'location',
  'socialLinks',
  'alternativeName',
  'alternativeDomains',
  'description',
  'companyType',
  'yearFounded',
  'subIndustry',
  'specialities',
  'sicCodes',
  'naicsCodes',
  'additionalLocations',
  'linkedinFollowers',
  'popularityTier',
  'logoUrl',
  'technologies',
  'businessModel',
  'phones',
  'emails',
  'keywords',
] as const;

/** The headquarters as a preview shows it (no zip code). */
function previewLocation(profile: CompanyProfile): Record<string, string> {
  const { zipCode: _zip, ...rest } = profile.location;
  return { ...rest };
}

/** Credits one reveal extra costs this account now (0 when already paid for). */
function extraPrice(account: AccountState, profile: CompanyProfile, field: CompanyRevealField): number {
  return isCompanyRevealed(account, profile.company.id, field) ? 0 : PRICING.revealCompanyField.credits;
}

/** A V3CompanyPreview. */
export function toCompanyPreview(
  account: AccountState,
  profile: CompanyProfile,
  options: { clientReferenceId?: string; signalTypes?: string[] } = {},
): Record<string, unknown> {
  const { company } = profile;
  const held = COMPANY_REVEAL_FIELDS.filter((field) => holdsExtra(profile, field));
  return {
    ...(options.clientReferenceId === undefined ? {} : { clientReferenceId: options.clientReferenceId }),
    id: company.id,
    name: company.name,
    domain: company.apiDomain,
    employeeCount: { ...profile.employeeCount },
    industry: company.industry,
    location: previewLocation(profile),
    socialLinks: { linkedin: profile.socialLinks.linkedin },
    has: [...BASE_FIELDS, ...(profile.funding ? ['funding'] : []), ...held],
    canReveal: held.map((field) => ({ field, credits: extraPrice(account, profile, field) })),
    ...(options.signalTypes === undefined ? {} : { signalTypes: options.signalTypes }),
  };
}

/** A V3EnrichedCompany holding the base record and the requested extras (`null` / `[]` when Lusha has none). */
export function toEnrichedCompany(profile: CompanyProfile, reveal: readonly CompanyRevealField[], clientReferenceId?: string): Record<string, unknown> {
  const { company } = profile;
  const extras = Object.fromEntries(reveal.map((field) => [field, structuredClone(profile[field])]));
  return {
    ...(clientReferenceId === undefined ? {} : { clientReferenceId }),
    id: company.id,
    name: company.name,
    alternativeName: profile.alternativeName,
    domain: company.apiDomain,
    alternativeDomains: [...profile.alternativeDomains],
    description: profile.description,
    companyType: profile.companyType,
    yearFounded: profile.yearFounded,
    employeeCount: { ...profile.employeeCount },
    industry: company.industry,
    subIndustry: profile.subIndustry,
    specialities: [...profile.specialities],
    industryTags: [...profile.industryTags],
    sicCodes: structuredClone(profile.sicCodes),
    naicsCodes: structuredClone(profile.naicsCodes),
    companyOffering: profile.companyOffering,
    emailDomain: company.domain,
    location: { ...profile.location },
    additionalLocations: structuredClone(profile.additionalLocations),
    socialLinks: { ...profile.socialLinks },
    linkedinFollowers: profile.linkedinFollowers,
    revenueRange: { ...profile.revenueRange },
    ...(profile.funding ? { funding: structuredClone(profile.funding) } : {}),
    technologies: [...profile.technologies],
    popularityTier: profile.popularityTier,
    logoUrl: profile.logoUrl,
    businessModel: [...profile.businessModel],
    phone: profile.phone,
    email: profile.email,
    keywords: [...profile.keywords],
    ...extras,
  };
}

/** The identifier rule of V3CompanySearchItem: at least one of id, name, domain. */
function identifierErrors(items: readonly CompanySearchItem[]): string[] {
  const present = (value: string | undefined) => value !== undefined && value.trim() !== '';
  return items.flatMap((item, i) =>
    present(item.id) || present(item.name) || present(item.domain) ? [] : [`companies.${i} must have at least one identifier: id, name or domain`],
  );
}

/** `POST /v3/companies/search`. */
export function searchCompanies(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(companiesSearchRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { companies, signals } = parsed.value;
  const errors = identifierErrors(companies);
  if (errors.length > 0) return badRequest(errors);

  let found = 0;
  const results = companies.map((item) => {
    const ref = item.clientReferenceId === undefined ? {} : { clientReferenceId: item.clientReferenceId };
    const company = findCompany(ctx.index, item);
    if (!company) return { ...ref, error: COMPANY_NOT_FOUND };
    const signalTypes = signals ? matchedTypes(companySignalsServed(ctx, company, signals)) : undefined;
    if (signalTypes?.length === 0) return { ...ref, error: COMPANY_NOT_FOUND };
    found += 1;
    return toCompanyPreview(ctx.account, companyProfile(company, ctx.index.dataset), { ...ref, ...(signalTypes ? { signalTypes } : {}) });
  });
  const cost = searchCharge(ctx.account, found, 'companies');
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  countSearchResults(ctx.account, found, 'companies');
  charge(ctx.account, 'companySearch', cost);
  return json(200, { requestId: randomUUID(), results, billing: { creditsCharged: cost, resultsReturned: found } });
}

/** What enriching these profiles costs now, and the reveals to record once it is paid. */
function enrichDue(account: AccountState, profiles: readonly CompanyProfile[], reveal: readonly CompanyRevealField[]) {
  const due = new Map<string, { companyId: string; key: string; action: 'revealCompany' | 'revealCompanyField'; credits: number }>();
  for (const profile of profiles) {
    const id = profile.company.id;
    if (!isCompanyRevealed(account, id, 'company')) due.set(`${id}:company`, { companyId: id, key: 'company', action: 'revealCompany', credits: PRICING.revealCompany.credits });
    for (const field of reveal) {
      if (holdsExtra(profile, field) && !isCompanyRevealed(account, id, field)) {
        due.set(`${id}:${field}`, { companyId: id, key: field, action: 'revealCompanyField', credits: PRICING.revealCompanyField.credits });
      }
    }
  }
  const entries = [...due.values()];
  return { cost: entries.reduce((sum, e) => sum + e.credits, 0), entries };
}

function payFor(account: AccountState, entries: ReturnType<typeof enrichDue>['entries']): void {
  for (const entry of entries) {
    markCompanyRevealed(account, entry.companyId, entry.key);
    charge(account, entry.action, entry.credits);
  }
}

/** `POST /v3/companies/enrich`. */
export function enrichCompanies(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(companiesEnrichRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const reveal = [...new Set(parsed.value.reveal ?? [])];
  const profiles = parsed.value.ids.map((id) => {
    const company = ctx.index.companies.get(id);
    return company ? companyProfile(company, ctx.index.dataset) : undefined;
  });
  const { cost, entries } = enrichDue(ctx.account, profiles.filter((p): p is CompanyProfile => p !== undefined), reveal);
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  payFor(ctx.account, entries);
  const results = parsed.value.ids.map((id, i) => {
    const profile = profiles[i];
    return profile ? toEnrichedCompany(profile, reveal) : { id, error: COMPANY_NOT_FOUND };
  });
  const found = profiles.filter(Boolean).length;
  return json(200, { requestId: randomUUID(), results, billing: { creditsCharged: cost, resultsReturned: found } });
}

/** `POST /v3/companies/search-and-enrich`. */
export function searchAndEnrichCompanies(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(companiesSearchAndEnrichRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const errors = identifierErrors(parsed.value.companies);
  if (errors.length > 0) return badRequest(errors);
  const matches = parsed.value.companies.map((item) => {
    const company = findCompany(ctx.index, item);
    return { item, profile: company ? companyProfile(company, ctx.index.dataset) : undefined };
  });
  const profiles = matches.flatMap(({ profile }) => (profile ? [profile] : []));
  const searchCost = searchCharge(ctx.account, profiles.length, 'companies');
  const { cost: enrichCost, entries } = enrichDue(ctx.account, profiles, []);
  if (searchCost + enrichCost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  countSearchResults(ctx.account, profiles.length, 'companies');
  charge(ctx.account, 'companySearch', searchCost);
  payFor(ctx.account, entries);
  const results = matches.map(({ item, profile }) =>
    profile ? toEnrichedCompany(profile, [], item.clientReferenceId) : { ...(item.clientReferenceId === undefined ? {} : { clientReferenceId: item.clientReferenceId }), error: COMPANY_NOT_FOUND },
  );
  return json(200, {
    requestId: randomUUID(),
    results,
    billing: { creditsCharged: searchCost + enrichCost, resultsReturned: profiles.length },
  });
}
