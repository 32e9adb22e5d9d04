/**
 * The fake Lusha's "people at a company" endpoints: `POST /v3/contacts/prospecting`, its filter discovery
 * (`GET /v3/contacts/prospecting/filters[/{filterType}]`) and `POST /v3/contacts/buying-group`.
 *
 * Prospecting simulates the common filters (company domains / ids / names / sizes / industries / technologies /
 * types / countries; person job titles, seniority ids, departments, countries, locations, existing data points,
 * names, ids, LinkedIn URLs, emails, free text, signals) for include and exclude. Other filters the spec allows are
 * accepted and listed in an `x-sandbox-ignored-filters` response header. Restricted people never appear; partial
 * profiles do unless `options.includePartialProfiles: false` (the spec's default is true). Order: most senior
 * first, then by id. Billing: 1 credit per 25 results (shared with contact search), plus `showSignalsContact` per
 * matched signal when a signal filter is used.
 *
 * Buying group: the company's people (not restricted) with persona roles by seniority: founders, C-suite and VPs
 * are decision makers, directors decision makers and potential champions, managers potential champions, the rest
 * end users. Scores fall with seniority. `contactsLimit` per company, then one page over all companies' contacts.
 * Billing: `buyingGroupContact` per contact returned.
 */
import { randomUUID } from 'node:crypto';
import { PRICING } from './accounts';
import { linkedinUrlOf } from './dataset';
import { DEPARTMENTS, EU_PLACES, NON_EU_PLACES } from './dataset-data';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import { companyProfile } from './lusha-company-data';
import { COMPANY_NOT_FOUND } from './lusha-companies';
import { badRequest, isPartial, LUSHA_ERRORS, type HandlerContext } from './lusha-contacts';
import { findCompany, foldDomain, foldName, slugFromLinkedinUrl } from './lusha-matching';
import {
  buyingGroupRequestSchema,
  prospectingContactsRequestSchema,
  type BuyingGroupPersona,
  type CompanyFilterCriteria,
  type ContactFilterCriteria,
} from './lusha-request-schemas';
import { validate, type RevealField } from './lusha-schemas';
import { contactSignalsServed, filterTypes, filterValues, matchedTypes, placesMatching, type FilterDefinition } from './lusha-signals';
import { charge, countSearchResults, creditsRemaining, isRevealed, revealPrice, searchCharge } from './lusha-state';
import { normalizeSlug } from './dataset';
import { toPreview } from './lusha-views';

/** Lusha's seniority ids (docs/providers.md §1.3.8), by the dataset's seniority labels. */
export const SENIORITY_IDS: Record<string, number> = {
  Founder: 10,
  'C-Suite': 9,
  'Vice President': 8,
  Partner: 7,
  Director: 6,
  Manager: 5,
  Senior: 4,
  Entry: 3,
  Intern: 2,
  Other: 1,
};

/** The `seniority` filter values: `{ id, name }`, most senior first. */
export const SENIORITY_VALUES = Object.entries(SENIORITY_IDS).map(([label, id]) => ({ id, name: label.toLowerCase() }));

export function seniorityIdOf(person: SandboxPerson): number {
  return SENIORITY_IDS[person.seniority] ?? 1;
}

const DATA_POINTS: Record<string, (p: SandboxPerson) => boolean> = {
  work_email: (p) => p.emails.some((e) => e.type === 'work'),
  private_email: (p) => p.emails.some((e) => e.type === 'private'),
  email: (p) => p.emails.length > 0,
  phone: (p) => p.phones.length > 0,
  mobile_phone: (p) => p.phones.some((ph) => ph.type === 'mobile'),
  direct_phone: (p) => p.phones.some((ph) => ph.type === 'direct'),
  work_phone: (p) => p.phones.some((ph) => ph.type === 'work' || ph.type === 'direct'),
};

const lower = (values: readonly string[]) => values.map((v) => v.trim().toLowerCase());
const nonEmpty = <T>(values: readonly T[] | undefined): values is readonly T[] => values !== undefined && values.length > 0;

type Test = (person: SandboxPerson, company: SandboxCompany) => boolean;

/** The simulated person criteria of a filter block as tests (all must pass), and the keys not simulated. */
function contactTests(criteria: ContactFilterCriteria | undefined, ctx: HandlerContext, signalsOut: Map<string, string[]>): { tests: Test[]; ignored: string[] } {
  const tests: Test[] = [];
  const ignored: string[] = [];
  if (!criteria) return { tests, ignored };
  for (const [key, value] of Object.entries(criteria)) {
    if (value === undefined) continue;
    switch (key) {
      case 'jobTitles': {
        const wanted = lower(criteria.jobTitles ?? []);
        if (wanted.length > 0) tests.push((p) => wanted.some((t) => p.title.toLowerCase().includes(t)));
        break;
      }
      case 'jobTitlesExactMatch': {
        const wanted = lower(criteria.jobTitlesExactMatch ?? []);
        if (wanted.length > 0) tests.push((p) => wanted.includes(p.title.toLowerCase()));
        break;
      }
      case 'seniorityIds':
        if (nonEmpty(criteria.seniorityIds)) tests.push((p) => (criteria.seniorityIds ?? []).includes(seniorityIdOf(p)));
        break;
      case 'departments':
        if (nonEmpty(criteria.departments)) tests.push((p) => p.departments.some((d) => (criteria.departments ?? []).includes(d)));
        break;
      case 'countries': {
        const wanted = lower(criteria.countries ?? []);
        if (wanted.length > 0) tests.push((p) => wanted.includes(p.location.countryIso2.toLowerCase()) || wanted.includes(p.location.country.toLowerCase()));
        break;
      }
      case 'locations':
        if (nonEmpty(criteria.locations)) {
          tests.push((p) =>
            (criteria.locations ?? []).some(
              (l) =>
                (!l.country || l.country.toLowerCase() === p.location.country.toLowerCase()) &&
                (!l.countryIso2 || l.countryIso2.toLowerCase() === p.location.countryIso2.toLowerCase()) &&
                (!l.state || l.state.toLowerCase() === (p.location.state ?? '').toLowerCase()) &&
                (!l.city || l.city.toLowerCase() === p.location.city.toLowerCase()),
            ),
          );
        }
        break;
      case 'existingDataPoints':
        if (nonEmpty(criteria.existingDataPoints)) {
          const checks = (criteria.existingDataPoints ?? []).map((d) => DATA_POINTS[d] ?? (() => false));
          const all = criteria.existingDataPointsCondition === 'and';
          tests.push((p) => (all ? checks.every((c) => c(p)) : checks.some((c) => c(p))));
        }
        break;
      case 'existingDataPointsCondition':
        break;
      case 'names': {
        const wanted = (criteria.names ?? []).map(foldName);
        if (wanted.length > 0) tests.push((p) => wanted.includes(foldName(`${p.firstName}${p.lastName}`)));
        break;
      }
      case 'ids':
        if (nonEmpty(criteria.ids)) tests.push((p) => (criteria.ids ?? []).includes(p.id));
        break;
      case 'linkedinUrls': {
        const slugs = (criteria.linkedinUrls ?? []).map(slugFromLinkedinUrl);
        if (slugs.length > 0) tests.push((p) => slugs.includes(normalizeSlug(p.linkedinSlug)));
        break;
      }
      case 'emails': {
        const wanted = lower(criteria.emails ?? []);
        if (wanted.length > 0) tests.push((p) => p.emails.some((e) => wanted.includes(e.email.toLowerCase())));
        break;
      }
      case 'searchText': {
        const text = (criteria.searchText ?? '').trim().toLowerCase();
        if (text) tests.push((p) => `${p.firstName} ${p.lastName} ${p.title} ${p.headline}`.toLowerCase().includes(text));
        break;
      }
      case 'signals': {
        const types = criteria.signals?.types ?? ['allSignals'];
        const startDate = criteria.signals?.startDate;
        tests.push((p) => {
          const matched = matchedTypes(contactSignalsServed(ctx, p, { types, startDate }));
          if (matched.length > 0) signalsOut.set(p.id, matched);
          return matched.length > 0;
        });
        break;
      }
      default:
        ignored.push(key);
    }
  }
  return { tests, ignored };
}

/** The simulated company criteria of a filter block as tests, and the keys not simulated. */
function companyTests(criteria: CompanyFilterCriteria | undefined, ctx: HandlerContext): { tests: Test[]; ignored: string[] } {
  const tests: Test[] = [];
  const ignored: string[] = [];
  if (!criteria) return { tests, ignored };
  for (const [key, value] of Object.entries(criteria)) {
    if (value === undefined) continue;
    switch (key) {
      case 'domains': {
        const wanted = (criteria.domains ?? []).map(foldDomain);
        if (wanted.length > 0) tests.push((_, c) => wanted.includes(c.domain));
        break;
      }
      case 'ids':
        if (nonEmpty(criteria.ids)) tests.push((_, c) => (criteria.ids ?? []).includes(c.id));
        break;
      case 'names': {
        const wanted = (criteria.names ?? []).map(foldName);
        if (wanted.length > 0) tests.push((_, c) => wanted.includes(foldName(c.name)));
        break;
      }
      case 'industriesLabels':
        if (nonEmpty(criteria.industriesLabels)) tests.push((_, c) => (criteria.industriesLabels ?? []).includes(c.industry));
        break;
      case 'sizes':
        if (nonEmpty(criteria.sizes)) {
          tests.push((_, c) => {
            const exact = companyProfile(c, ctx.index.dataset).employeeCount.exact;
            return (criteria.sizes ?? []).some((r) => exact >= (r.min ?? 0) && exact <= (r.max ?? Number.POSITIVE_INFINITY));
          });
        }
        break;
      case 'technologies': {
        const wanted = lower(criteria.technologies ?? []);
        const all = criteria.technologiesCondition === 'and';
        if (wanted.length > 0) {
          tests.push((_, c) => {
            const held = lower(companyProfile(c, ctx.index.dataset).technologies);
            return all ? wanted.every((t) => held.includes(t)) : wanted.some((t) => held.includes(t));
          });
        }
        break;
      }
      case 'technologiesCondition':
        break;
      case 'companyType':
        if (nonEmpty(criteria.companyType)) tests.push((_, c) => (criteria.companyType ?? []).some((t) => t === companyProfile(c, ctx.index.dataset).companyType));
        break;
      case 'locations':
        if (nonEmpty(criteria.locations)) {
          tests.push((_, c) => {
            const hq = companyProfile(c, ctx.index.dataset).location;
            return (criteria.locations ?? []).some(
              (l) =>
                (!l.country || l.country.toLowerCase() === hq.country.toLowerCase()) &&
                (!l.countryIso2 || l.countryIso2.toLowerCase() === hq.countryIso2.toLowerCase()) &&
                (!l.city || l.city.toLowerCase() === hq.city.toLowerCase()),
            );
          });
        }
        break;
      default:
        ignored.push(key);
    }
  }
  return { tests, ignored };
}

/** `POST /v3/contacts/prospecting`. */
export function prospectContacts(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(prospectingContactsRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { pagination, filters, options } = parsed.value;
  const signals = new Map<string, string[]>();
  const include = [contactTests(filters.contacts?.include, ctx, signals), companyTests(filters.companies?.include, ctx)];
  const exclude = [contactTests(filters.contacts?.exclude, ctx, new Map()), companyTests(filters.companies?.exclude, ctx)];
  const ignored = [...new Set([...include, ...exclude].flatMap((t) => t.ignored))];
  const includeTests = include.flatMap((t) => t.tests);
  const excludeTests = exclude.flatMap((t) => t.tests);

  const matches = ctx.index.dataset.people
    .flatMap((person) => {
      const company = ctx.index.companies.get(person.companyId);
      if (!company || person.restricted) return [];
      if (options?.includePartialProfiles === false && isPartial(person)) return [];
      if (options?.excludeDnc && person.phones.some((ph) => ph.doNotCall)) return [];
      if (!includeTests.every((test) => test(person, company))) return [];
      if (excludeTests.some((test) => test(person, company))) return [];
      return [{ person, company }];
    })
    .sort((a, b) => seniorityIdOf(b.person) - seniorityIdOf(a.person) || a.person.id.localeCompare(b.person.id));

  const pageItems = matches.slice(pagination.page * pagination.size, (pagination.page + 1) * pagination.size);
  const signalCost = pageItems.reduce((sum, { person }) => sum + (signals.get(person.id)?.length ?? 0) * PRICING.showSignalsContact.credits, 0);
  const searchCost = searchCharge(ctx.account, pageItems.length);
  if (searchCost + signalCost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  countSearchResults(ctx.account, pageItems.length);
  charge(ctx.account, 'search', searchCost);
  charge(ctx.account, 'showSignalsContact', signalCost);

  const priceOf = (person: SandboxPerson) => (field: RevealField) => (isRevealed(ctx.account, person.id, field) ? 0 : revealPrice(field).credits);
  const results = pageItems.map(({ person, company }) => {
    const signalTypes = signals.get(person.id);
    return toPreview(person, company, { priceOf: priceOf(person), ...(signalTypes ? { signalTypes } : {}) });
  });
  const headers = ignored.length > 0 ? { 'x-sandbox-ignored-filters': ignored.join(',') } : undefined;
  return json(
    200,
    {
      requestId: randomUUID(),
      results,
      pagination: { page: pagination.page, size: pagination.size, total: matches.length },
      billing: { creditsCharged: searchCost + signalCost, resultsReturned: pageItems.length },
    },
    headers,
  );
}

const ALL_PLACES = [...EU_PLACES, ...NON_EU_PLACES];

const CONTACT_FILTERS: Record<string, FilterDefinition> = {
  departments: { requiresQuery: false, values: () => ['General Management', ...DEPARTMENTS.map((d) => d.name)] },
  seniority: { requiresQuery: false, values: () => SENIORITY_VALUES.map((v) => ({ ...v })) },
  existingDataPoints: { requiresQuery: false, values: () => Object.keys(DATA_POINTS) },
  countries: {
    requiresQuery: false,
    values: () => [...new Map(ALL_PLACES.map((p) => [p.countryIso2, { code: p.countryIso2, name: p.country }])).values()],
  },
  locations: { requiresQuery: true, values: (query) => placesMatching(query, true) },
};

/** `GET /v3/contacts/prospecting/filters`. */
export const contactFilterTypes = (): ApiResponse => filterTypes(CONTACT_FILTERS);

/** `GET /v3/contacts/prospecting/filters/{filterType}`. */
export const contactFilterValues = (ctx: HandlerContext): ApiResponse => filterValues(ctx, CONTACT_FILTERS);

// ---------------------------------------------------------------------------------------------------------------
// Buying group

const SCORES: Record<string, number> = { Founder: 0.97, 'C-Suite': 0.94, 'Vice President': 0.9, Director: 0.85, Manager: 0.78, Senior: 0.66, Entry: 0.55 };

/** The persona roles the sandbox's "model" assigns by seniority. */
export function personaRoles(person: SandboxPerson): BuyingGroupPersona[] {
  switch (person.seniority) {
    case 'Founder':
    case 'C-Suite':
    case 'Vice President':
      return ['decision_maker'];
    case 'Director':
      return ['decision_maker', 'potential_champion'];
    case 'Manager':
      return ['potential_champion'];
    default:
      return ['end_user'];
  }
}

/** A deterministic 0..1 relevance score: by seniority, minus a little by id. */
export function personaScore(person: SandboxPerson): number {
  return Math.round(((SCORES[person.seniority] ?? 0.5) - (Number(person.id.slice(-1)) * 0.003)) * 1000) / 1000;
}

/** `POST /v3/contacts/buying-group`. */
export function buyingGroup(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(buyingGroupRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { companies, personas, contactsLimit = 60, pagination } = parsed.value;
  const identifierErrors = companies.flatMap((c, i) => {
    const count = [c.domain, c.id].filter((v) => v !== undefined && v.trim() !== '').length;
    return count === 1 ? [] : [`companies.${i} must have exactly one of domain or id`];
  });
  if (identifierErrors.length > 0) return badRequest(identifierErrors);
  const page = pagination?.page ?? 0;
  const size = pagination?.size ?? 100;

  const groups = companies.map((item) => {
    const ref = item.clientReferenceId === undefined ? {} : { clientReferenceId: item.clientReferenceId };
    const company = findCompany(ctx.index, { id: item.id, domain: item.domain });
    if (!company) return { ref, company: undefined, people: [] as SandboxPerson[] };
    const people = companyProfile(company, ctx.index.dataset)
      .people.filter((p) => !p.restricted)
      .filter((p) => !personas || personas.length === 0 || personaRoles(p).some((r) => personas.includes(r)))
      .sort((a, b) => personaScore(b) - personaScore(a) || a.id.localeCompare(b.id))
      .slice(0, contactsLimit);
    return { ref, company, people };
  });
  const flat = groups.flatMap((group, g) => group.people.map((person) => ({ g, person })));
  const onPage = flat.slice(page * size, (page + 1) * size);
  const cost = onPage.length * PRICING.buyingGroupContact.credits;
  if (cost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);
  charge(ctx.account, 'buyingGroupContact', cost);

  const priceOf = (person: SandboxPerson) => (field: RevealField) => (isRevealed(ctx.account, person.id, field) ? 0 : revealPrice(field).credits);
  const results = groups.map((group, g) => {
    if (!group.company) return { ...group.ref, error: COMPANY_NOT_FOUND };
    const company = group.company;
    const contacts = onPage
      .filter((entry) => entry.g === g)
      .map(({ person }) => {
        const { clientReferenceId: _ref, ...preview } = toPreview(person, company, { priceOf: priceOf(person) });
        return {
          ...preview,
          company: { id: company.id, name: company.name, domain: company.apiDomain },
          socialLinks: { linkedin: linkedinUrlOf(person) },
          roles: personaRoles(person),
          score: personaScore(person),
        };
      });
    return { ...group.ref, companyId: company.id, contacts };
  });
  return json(200, {
    requestId: randomUUID(),
    results,
    pagination: { page, size, total: flat.length },
    billing: { creditsCharged: cost, resultsReturned: onPage.length },
  });
}
