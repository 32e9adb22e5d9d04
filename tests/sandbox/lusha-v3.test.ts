/**
 * The rest of the fake Lusha V3 over HTTP: companies (search, enrich, search-and-enrich), contacts
 * search-and-enrich, signals (contacts, companies, types, filters), prospecting (and its filters) and the buying
 * group: validation, matching, billing and determinism. The clock is injected.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from './accounts';
import { DEFAULT_DATASET, FEATURED, findPersonBySlug, generateDataset, linkedinUrlOf } from './dataset';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { COMPANY_REVEAL_FIELDS, companyProfile, companyProfiles, holdsExtra } from './lusha-company-data';
import { personaRoles, seniorityIdOf } from './lusha-prospecting';
import { companySignalsOf, contactSignalsOf, dayBefore, sixMonthsBefore } from './lusha-signal-data';
import { startSandbox, type Sandbox } from './server';

let sandbox: Sandbox;
let clock = Date.UTC(2026, 5, 15, 9, 0, 0);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock += 3_600_000;
  sandbox.reset();
});

type Body = Record<string, unknown> & {
  results?: Record<string, unknown>[];
  billing?: { creditsCharged: number; resultsReturned: number };
  errors?: string[];
  pagination?: { page: number; size: number; total: number };
};

async function api(path: string, body?: unknown, key: string = SANDBOX_KEYS.valid) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', api_key: key },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

const companies = DEFAULT_DATASET.companies;
const company = (i: number): SandboxCompany => {
  const found = companies[i];
  if (!found) throw new Error(`no company ${i}`);
  return found;
};
const firstCompany = (test: (c: SandboxCompany) => boolean): SandboxCompany => {
  const found = companies.find(test);
  if (!found) throw new Error('no such company in the dataset');
  return found;
};
const featured = (slug: string): SandboxPerson => {
  const found = findPersonBySlug(slug);
  if (!found) throw new Error(`no person ${slug}`);
  return found;
};
const creditsUsed = () => sandbox.state().lusha.creditsUsed;
const byAction = () => sandbox.state().lusha.creditsByAction;

describe('company profiles', () => {
  it('are deterministic per dataset and count the dataset’s own people', () => {
    const again = companyProfiles(generateDataset(42));
    for (const c of companies) {
      const profile = companyProfile(c, DEFAULT_DATASET);
      expect(again.get(c.id)).toEqual(profile);
      const { min, max, exact } = profile.employeeCount;
      expect(exact).toBeGreaterThanOrEqual(min);
      expect(exact).toBeLessThanOrEqual(max);
      const departments = new Set(profile.people.map((p) => p.departments[0]));
      expect(new Set(profile.employeesByDepartment.map((d) => d.department))).toEqual(departments);
      expect(profile.competitors.every((x) => x.id !== c.id)).toBe(true);
    }
    // Some companies lack the conditional extras, so "charged only when non-null" is testable.
    expect(companies.some((c) => companyProfile(c, DEFAULT_DATASET).estimatedAnnualItSpend === null)).toBe(true);
    expect(companies.some((c) => companyProfile(c, DEFAULT_DATASET).monthlyWebsiteTraffic !== null)).toBe(true);
    expect(companies.some((c) => companyProfile(c, DEFAULT_DATASET).intent === null)).toBe(true);
  });
});

describe('POST /v3/companies/search', () => {
  it('finds by id, any form of domain and name; unknown → NOT_FOUND; previews offer only held extras', async () => {
    const [a, b, c] = [company(0), company(1), company(2)];
    const reply = await api('/v3/companies/search', {
      companies: [
        { clientReferenceId: '1', id: a.id },
        { clientReferenceId: '2', domain: `HTTPS://www.${b.domain.toUpperCase()}/about?x=1` },
        { clientReferenceId: '3', name: c.name.toLowerCase().replace(/ /g, '  ') },
        { clientReferenceId: '4', name: 'Nobody Corp' },
        { clientReferenceId: '5', id: a.id, domain: b.domain },
      ],
    });
    expect(reply.status).toBe(200);
    const results = reply.body.results ?? [];
    expect(results.map((r) => r.id ?? (r.error as { code: string }).code)).toEqual([a.id, b.id, c.id, 'NOT_FOUND', 'NOT_FOUND']);
    expect(results[0]).toMatchObject({ clientReferenceId: '1', name: a.name, domain: a.apiDomain, industry: a.industry });
    const profile = companyProfile(a, DEFAULT_DATASET);
    expect(results[0]?.canReveal).toEqual(COMPANY_REVEAL_FIELDS.filter((f) => holdsExtra(profile, f)).map((field) => ({ field, credits: 1 })));
    expect(results[0]?.location).not.toHaveProperty('zipCode');
    expect(reply.body.billing).toEqual({ creditsCharged: 0, resultsReturned: 3 });
  });

  it('charges 1 credit per 25 results (companySearch), separately from contact search', async () => {
    const items = companies.slice(0, 24).map((c) => ({ id: c.id }));
    expect((await api('/v3/companies/search', { companies: items })).body.billing?.creditsCharged).toBe(0);
    expect((await api('/v3/companies/search', { companies: [{ id: company(30).id }] })).body.billing?.creditsCharged).toBe(1);
    expect(byAction().companySearch).toBe(1);
    expect(byAction().search).toBe(0);
  });

  it('with a signal filter keeps only companies with those signals in the window, naming them', async () => {
    const withHeadcount = firstCompany((c) => companySignalsOf(c, DEFAULT_DATASET).some((s) => s.type.startsWith('headcountIncrease')));
    const without = firstCompany((c) => !companySignalsOf(c, DEFAULT_DATASET).some((s) => s.type.startsWith('headcountIncrease')));
    const types = ['headcountIncrease1m', 'headcountIncrease3m', 'headcountIncrease6m', 'headcountIncrease12m'];
    const reply = await api('/v3/companies/search', {
      companies: [{ id: withHeadcount.id }, { id: without.id }],
      signals: { types, startDate: '2020-01-01' },
    });
    const [hit, miss] = reply.body.results ?? [];
    expect(hit?.signalTypes).toEqual(types.filter((t) => companySignalsOf(withHeadcount, DEFAULT_DATASET).some((s) => s.type === t)));
    expect(miss?.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects an item without identifier, unknown properties and a bad signal type', async () => {
    const noId = await api('/v3/companies/search', { companies: [{ clientReferenceId: 'x' }] });
    expect(noId.status).toBe(400);
    expect(noId.body.errors).toEqual(['companies.0 must have at least one identifier: id, name or domain']);
    const extra = await api('/v3/companies/search', { companies: [{ id: '1', linkedinUrl: 'x' }] });
    expect(extra.body.errors).toEqual(['companies.0.property linkedinUrl should not exist']);
    const badSignal = await api('/v3/companies/search', { companies: [{ id: '1' }], signals: { types: ['hiring'] } });
    expect(badSignal.status).toBe(400);
    expect(badSignal.body.errors?.[0]).toMatch(/^each value in signals.types must be one of the following values: allSignals/);
  });
});

describe('POST /v3/companies/enrich', () => {
  it('returns the record with only the requested extras and charges revealCompany + each held extra, once', async () => {
    const c = firstCompany((x) => companyProfile(x, DEFAULT_DATASET).estimatedAnnualItSpend === null && companyProfile(x, DEFAULT_DATASET).intent !== null);
    const profile = companyProfile(c, DEFAULT_DATASET);
    const first = await api('/v3/companies/enrich', { ids: [c.id], reveal: ['competitors', 'intent', 'estimatedAnnualItSpend'] });
    expect(first.status).toBe(200);
    const [record] = first.body.results ?? [];
    expect(record).toMatchObject({ id: c.id, name: c.name, competitors: profile.competitors, intent: profile.intent, estimatedAnnualItSpend: null });
    expect(record).not.toHaveProperty('employeesByDepartment');
    expect(record).not.toHaveProperty('monthlyWebsiteTraffic');
    // 1 (company) + competitors + intent; the null IT spend is free.
    expect(first.body.billing).toEqual({ creditsCharged: 3, resultsReturned: 1 });
    expect(byAction()).toMatchObject({ revealCompany: 1, revealCompanyField: 2 });

    const again = await api('/v3/companies/enrich', { ids: [c.id], reveal: ['competitors', 'employeesBySeniority'] });
    expect(again.body.billing?.creditsCharged).toBe(1);
    const search = await api('/v3/companies/search', { companies: [{ id: c.id }] });
    const canReveal = search.body.results?.[0]?.canReveal as { field: string; credits: number }[];
    expect(canReveal).toContainEqual({ field: 'competitors', credits: 0 });
    expect(canReveal).toContainEqual({ field: 'employeesBySeniority', credits: 0 });
    expect(canReveal).toContainEqual({ field: 'employeesByDepartment', credits: 1 });
  });

  it('answers NOT_FOUND per item; 402 when the cost exceeds the credits, charging nothing', async () => {
    const mixed = await api('/v3/companies/enrich', { ids: [company(0).id, '404'] });
    expect(mixed.body.results?.[1]).toEqual({ id: '404', error: { code: 'NOT_FOUND', message: 'Company not found' } });
    const poor = await api('/v3/companies/enrich', { ids: [company(1).id, company(2).id, company(3).id] }, SANDBOX_KEYS.lowCredits);
    expect(poor.status).toBe(402);
    expect(sandbox.state().lusha.accounts.lowCredits.creditsUsed).toBe(0);
  });

  it('rejects an unknown reveal name', async () => {
    const reply = await api('/v3/companies/enrich', { ids: ['1'], reveal: ['funding'] });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]).toMatch(/^each value in reveal must be one of the following values: employeesByDepartment/);
  });
});

describe('search-and-enrich', () => {
  it('companies: the search charge plus revealCompany per found company, clientReferenceId echoed', async () => {
    const reply = await api('/v3/companies/search-and-enrich', {
      companies: [
        { clientReferenceId: 'a', domain: company(5).domain },
        { clientReferenceId: 'b', name: 'Nobody Corp' },
      ],
    });
    expect(reply.body.results?.map((r) => [r.clientReferenceId, r.id ?? (r.error as { code: string }).code])).toEqual([
      ['a', company(5).id],
      ['b', 'NOT_FOUND'],
    ]);
    expect(reply.body.results?.[0]).toHaveProperty('description');
    expect(reply.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 1 });
  });

  it('contacts: reveals as enrich does, 0 on repeat; restricted per item; a lone GDPR contact → 451', async () => {
    const ana = featured(FEATURED.withEmailAndPhone);
    const first = await api('/v3/contacts/search-and-enrich', {
      contacts: [
        { clientReferenceId: 'a', linkedinUrl: linkedinUrlOf(ana) },
        { clientReferenceId: 'r', id: featured(FEATURED.restricted).id },
      ],
      reveal: ['emails'],
    });
    expect(first.status).toBe(200);
    const [found, restricted] = first.body.results ?? [];
    expect(found).toMatchObject({ clientReferenceId: 'a', id: ana.id, emails: ana.emails });
    expect(found).not.toHaveProperty('phones');
    expect(restricted).toMatchObject({ clientReferenceId: 'r', error: { code: 'COMPLIANCE_RESTRICTED' } });
    expect(first.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 1 });
    const again = await api('/v3/contacts/search-and-enrich', { contacts: [{ id: ana.id }], reveal: ['emails'] });
    expect(again.body.billing?.creditsCharged).toBe(0);
    const gdpr = await api('/v3/contacts/search-and-enrich', { contacts: [{ id: featured(FEATURED.gdpr).id }] });
    expect(gdpr.status).toBe(451);
  });
});

describe('signals', () => {
  const signalPerson = DEFAULT_DATASET.people.find((p) => p.id.endsWith('9') && !p.restricted);

  it('contacts: items dated from the clock, both types, unknown ids per item, 1 credit per signal', async () => {
    if (!signalPerson) throw new Error('no person with both signals');
    const generated = contactSignalsOf(signalPerson, DEFAULT_DATASET);
    const reply = await api('/v3/contacts/signals', { ids: [signalPerson.id, '1'], signalTypes: ['allSignals'], startDate: '2000-01-01' });
    expect(reply.status).toBe(200);
    const [result, unknown] = reply.body.results ?? [];
    const change = (result?.companyChange as Record<string, unknown>[])[0];
    const gen = generated.find((s) => s.type === 'companyChange');
    expect(change).toEqual({ id: signalPerson.id, signalDate: dayBefore(clock, gen?.daysAgo ?? 0), ...gen?.fields });
    expect(result?.promotion).toHaveLength(1);
    expect(unknown).toEqual({ id: '1', error: { code: 'NOT_FOUND', message: 'Contact not found' } });
    expect(reply.body).toMatchObject({ startDate: '2000-01-01', endDate: dayBefore(clock, 0), billing: { creditsCharged: 2, resultsReturned: 1 } });
    expect(byAction().showSignalsContact).toBe(2);
  });

  it('contacts: the default window is six months; signalTypes is required', async () => {
    if (!signalPerson) throw new Error('no person with both signals');
    const inWindow = contactSignalsOf(signalPerson, DEFAULT_DATASET).filter((s) => dayBefore(clock, s.daysAgo) >= sixMonthsBefore(clock));
    const reply = await api('/v3/contacts/signals', { ids: [signalPerson.id], signalTypes: ['promotion', 'companyChange'] });
    expect(reply.body.startDate).toBe(sixMonthsBefore(clock));
    expect(reply.body.billing?.creditsCharged).toBe(inWindow.length);
    const missing = await api('/v3/contacts/signals', { ids: [signalPerson.id] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContain('signalTypes must be an array');
  });

  it('companies: every type incl. news and intent, capped per type, intent within 90 days and by category', async () => {
    const c = firstCompany((x) => {
      const types = companySignalsOf(x, DEFAULT_DATASET).map((s) => s.type);
      return types.includes('linkedinActivityIntent') && types.some((t) => t.endsWith('News'));
    });
    const generated = companySignalsOf(c, DEFAULT_DATASET);
    const reply = await api('/v3/companies/signals', { ids: [c.id, '404'], signalTypes: ['allSignals'], startDate: '2000-01-01', maxResultsPerSignal: 1 });
    expect(reply.status).toBe(200);
    expect(reply.body.results).toHaveLength(1);
    const result = reply.body.results?.[0] ?? {};
    expect(result).toMatchObject({ id: c.id, companyName: c.name, domain: c.domain });
    expect(Object.keys(result).filter((k) => Array.isArray(result[k]))).toHaveLength(23);
    for (const value of Object.values(result)) if (Array.isArray(value)) expect(value.length).toBeLessThanOrEqual(1);
    const intentItems = generated.filter((s) => s.type === 'linkedinActivityIntent' && s.daysAgo <= 90);
    expect((result.linkedinActivityIntent as unknown[]).length).toBe(Math.min(1, intentItems.length));
    const news = Object.entries(result).find(([k, v]) => k.endsWith('News') && Array.isArray(v) && v.length > 0)?.[1] as Record<string, unknown>[];
    expect(news[0]).toMatchObject({ articlePublishedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), eventType: expect.any(String), articleUrl: expect.stringMatching(/^https:\/\/news\.example\//) });

    const categories = await api('/v3/companies/signals', { ids: [c.id], signalTypes: ['linkedinActivityIntent'], startDate: '2000-01-01', filters: { include: { intentCategories: ['No Such Category'] } } });
    expect(categories.body.results?.[0]?.linkedinActivityIntent).toEqual([]);
    expect(categories.body.billing?.creditsCharged).toBe(0);
  });

  it('companies: headcount items carry baseline, new count and the change', async () => {
    const c = firstCompany((x) => companySignalsOf(x, DEFAULT_DATASET).some((s) => s.type === 'headcountIncrease3m'));
    const reply = await api('/v3/companies/signals', { ids: [c.id], signalTypes: ['headcountIncrease3m'], startDate: '2000-01-01' });
    const [item] = reply.body.results?.[0]?.headcountIncrease3m as Record<string, unknown>[];
    expect(item).toMatchObject({ signalId: expect.any(String), signalDate: expect.any(String), baselineEmployeesCount: expect.any(Number), newEmployeesCount: companyProfile(c, DEFAULT_DATASET).employeeCount.exact });
    expect(item?.changeRatePercent).toBeGreaterThan(0);
    expect(reply.body.billing?.creditsCharged).toBe(1);
  });

  it('402 when the signals cost more than the credits left', async () => {
    const ids = companies.slice(0, 20).map((c) => c.id);
    const reply = await api('/v3/companies/signals', { ids, signalTypes: ['allSignals'], startDate: '2000-01-01' }, SANDBOX_KEYS.lowCredits);
    expect(reply.status).toBe(402);
  });

  it('types and filters: lists, query rules and unknown filter types', async () => {
    expect((await api('/v3/contacts/signals/types')).body).toEqual({ signalTypes: ['allSignals', 'promotion', 'companyChange'] });
    expect((await api('/v3/companies/signals/types')).body.signalTypes).toHaveLength(24);
    expect((await api('/v3/companies/signals/filters')).body.availableFilters).toEqual([
      { filterType: 'newsEventTypes', requiresQuery: false },
      { filterType: 'hiringByDepartments', requiresQuery: false },
      { filterType: 'hiringByLocations', requiresQuery: true },
      { filterType: 'intentCategories', requiresQuery: false },
    ]);
    expect((await api('/v3/companies/signals/filters/newsEventTypes')).body.values).toContain('Partnership');
    expect((await api('/v3/companies/signals/filters/hiringByLocations?query=calif')).body.values).toEqual([{ country: 'United States', state: 'California' }]);
    expect((await api('/v3/companies/signals/filters/hiringByLocations')).status).toBe(400);
    expect((await api('/v3/companies/signals/filters/hiringByLocations?query=x')).status).toBe(400);
    expect((await api('/v3/companies/signals/filters/intentCategories?query=tech')).status).toBe(400);
    const unknown = await api('/v3/companies/signals/filters/colours');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]).toMatch(/^filterType must be one of the following values/);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);
  });
});

describe('POST /v3/contacts/prospecting', () => {
  const c = company(0);
  const staff = DEFAULT_DATASET.people.filter((p) => p.companyId === c.id && !p.restricted);

  it('finds a company’s people by domain, most senior first, paginated 0-based with a total', async () => {
    const first = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 10 }, filters: { companies: { include: { domains: [`www.${c.domain}`] } } } });
    expect(first.status).toBe(200);
    expect(first.body.pagination).toEqual({ page: 0, size: 10, total: staff.length });
    const expected = [...staff].sort((a, b) => seniorityIdOf(b) - seniorityIdOf(a) || a.id.localeCompare(b.id)).map((p) => p.id);
    const second = await api('/v3/contacts/prospecting', { pagination: { page: 1, size: 10 }, filters: { companies: { include: { domains: [c.domain] } } } });
    expect([...(first.body.results ?? []), ...(second.body.results ?? [])].map((r) => r.id)).toEqual(expected);
    expect(first.body.results?.[0]).toHaveProperty('canReveal');
    expect(JSON.stringify(first.body)).not.toContain('@');
  });

  it('filters by seniority ids, departments, job titles, countries and excluded ids', async () => {
    const seniors = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 100 }, filters: { contacts: { include: { seniorityIds: [10, 9, 8] } }, companies: { include: { ids: [c.id] } } } });
    expect(seniors.body.results?.map((r) => r.id)).toEqual(staff.filter((p) => seniorityIdOf(p) >= 8).sort((a, b) => seniorityIdOf(b) - seniorityIdOf(a) || a.id.localeCompare(b.id)).map((p) => p.id));
    const dept = staff[1]?.departments[0] ?? 'Sales';
    const byDept = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 100 }, filters: { contacts: { include: { departments: [dept] } }, companies: { include: { names: [c.name] } } } });
    expect(byDept.body.results?.length).toBe(staff.filter((p) => p.departments.includes(dept)).length);
    const titled = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 100 }, filters: { contacts: { include: { jobTitles: ['director'] } } } });
    expect(titled.body.results?.every((r) => String((r.jobTitle as { title: string }).title).toLowerCase().includes('director'))).toBe(true);
    const excluded = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 100 }, filters: { companies: { include: { domains: [c.domain] } }, contacts: { exclude: { ids: [staff[0]?.id ?? ''] } } } });
    expect(excluded.body.pagination?.total).toBe(staff.length - 1);
    const country = staff[0]?.location.countryIso2 ?? 'US';
    const byCountry = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 100 }, filters: { contacts: { include: { countries: [country] } } } });
    expect(byCountry.body.results?.every((r) => (r.location as { country: string }).country === staff[0]?.location.country)).toBe(true);
  });

  it('charges 1 credit per 25 results shared with contact search; reports filters it does not simulate', async () => {
    const reply = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 25 }, filters: { contacts: { include: { skills: ['Python'] } } } });
    expect(reply.body.billing).toEqual({ creditsCharged: 1, resultsReturned: 25 });
    expect(reply.headers.get('x-sandbox-ignored-filters')).toBe('skills');
    expect(byAction().search).toBe(1);
  });

  it('validates pagination (required, size 10..100, page ≤ 1000) and unknown properties', async () => {
    expect((await api('/v3/contacts/prospecting', { filters: {} })).status).toBe(400);
    const small = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 5 }, filters: {} });
    expect(small.body.errors).toEqual(['pagination.size must not be less than 10']);
    expect((await api('/v3/contacts/prospecting', { pagination: { page: 1001, size: 10 }, filters: {} })).status).toBe(400);
    const root = await api('/v3/contacts/prospecting', { pagination: { page: 0, size: 10 }, filters: {}, searchText: 'x' });
    expect(root.body.errors).toEqual(['property searchText should not exist']);
  });

  it('filter discovery: seniority ids, departments, and locations with a query', async () => {
    expect((await api('/v3/contacts/prospecting/filters/seniority')).body.values).toContainEqual({ id: 10, name: 'founder' });
    expect((await api('/v3/contacts/prospecting/filters/departments')).body.values).toContain('Engineering & Technical');
    expect((await api('/v3/contacts/prospecting/filters/locations?query=berlin')).body.values).toEqual([{ country: 'Germany', state: 'Berlin', city: 'Berlin' }]);
    expect((await api('/v3/contacts/prospecting/filters/locations')).status).toBe(400);
    expect((await api('/v3/contacts/prospecting/filters')).body.availableFilters).toHaveLength(5);
  });
});

describe('POST /v3/contacts/buying-group', () => {
  const c = company(3);
  const staff = DEFAULT_DATASET.people.filter((p) => p.companyId === c.id && !p.restricted);

  it('labels the company’s people by seniority, best first, and charges 1 per contact', async () => {
    const reply = await api('/v3/contacts/buying-group', { companies: [{ clientReferenceId: 'c', domain: c.domain }, { id: '404' }] });
    expect(reply.status).toBe(200);
    const [group, missing] = reply.body.results ?? [];
    expect(group).toMatchObject({ clientReferenceId: 'c', companyId: c.id });
    const contacts = group?.contacts as { id: string; roles: string[]; score: number }[];
    expect(contacts.map((x) => x.id).sort()).toEqual(staff.map((p) => p.id).sort());
    for (const contact of contacts) {
      const person = staff.find((p) => p.id === contact.id);
      if (!person) throw new Error('unexpected contact');
      expect(contact.roles).toEqual(personaRoles(person));
    }
    expect(contacts.map((x) => x.score)).toEqual([...contacts.map((x) => x.score)].sort((a, b) => b - a));
    expect(missing).toEqual({ error: { code: 'NOT_FOUND', message: 'Company not found' } });
    expect(reply.body.billing).toEqual({ creditsCharged: staff.length, resultsReturned: staff.length });
    expect(byAction().buyingGroupContact).toBe(staff.length);
  });

  it('filters personas, limits contacts per company, paginates over all contacts', async () => {
    const deciders = staff.filter((p) => personaRoles(p).includes('decision_maker'));
    const reply = await api('/v3/contacts/buying-group', { companies: [{ id: c.id }], personas: ['decision_maker'], contactsLimit: 2 });
    const contacts = reply.body.results?.[0]?.contacts as { roles: string[] }[];
    expect(contacts).toHaveLength(Math.min(2, deciders.length));
    expect(contacts.every((x) => x.roles.includes('decision_maker'))).toBe(true);
    const paged = await api('/v3/contacts/buying-group', { companies: [{ id: company(4).id }, { id: c.id }], pagination: { page: 1, size: 10 } });
    expect(paged.body.pagination?.page).toBe(1);
    const total = paged.body.pagination?.total ?? 0;
    const returned = (paged.body.results ?? []).reduce((n, r) => n + (r.contacts as unknown[]).length, 0);
    expect(returned).toBe(Math.max(0, Math.min(10, total - 10)));
  });

  it('needs exactly one of domain or id per company, and at most 25 companies', async () => {
    const both = await api('/v3/contacts/buying-group', { companies: [{ domain: c.domain, id: c.id }] });
    expect(both.body.errors).toEqual(['companies.0 must have exactly one of domain or id']);
    const many = await api('/v3/contacts/buying-group', { companies: companies.slice(0, 26).map((x) => ({ id: x.id })) });
    expect(many.status).toBe(400);
    expect(creditsUsed()).toBe(0);
  });
});
