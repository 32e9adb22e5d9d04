/**
 * The V3 client's newer endpoints with an injected fetch: the exact request each method sends, the checks that
 * stop a bad call before any request, and how every response shape maps to Sidecar's types (per-item errors
 * included). Response bodies follow the spec's examples.
 */
import { describe, expect, it } from 'vitest';
import { companySchema } from '../../domain/company';
import { SidecarError } from '../../domain/errors';
import { signalSchema } from '../../domain/signal';
import { createLushaClient, type LushaClientOptions, type LushaV3Client } from './index';

const KEY = 'abcd1234-5678-4def-8abc-1234567890ab';
const BASE = 'https://api.lusha.test';
const NOW = Date.parse('2026-03-30T14:30:00.000Z');

interface Call {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

/** A fetch answering every call with `status` and `body` (an object is sent as JSON), recording the calls. */
function fakeFetch(body: unknown = {}, status = 200, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    calls.push({
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  };
  return { calls, fetch: fetchFn };
}

function client(fetchFn: typeof fetch, extra: Partial<LushaClientOptions> = {}): LushaV3Client {
  return createLushaClient({ apiKey: KEY, baseUrl: BASE, fetch: fetchFn, now: () => NOW, ...extra });
}

async function errorOf(promise: Promise<unknown>): Promise<SidecarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SidecarError);
    return error as SidecarError;
  }
  throw new Error('expected the call to reject');
}

/** Runs `call` against a fetch that must not be used, expecting a validation error mentioning `detail`. */
async function rejectedBeforeSending(call: (c: LushaV3Client) => Promise<unknown>, detail: RegExp) {
  const fake = fakeFetch();
  const error = await errorOf(call(client(fake.fetch)));
  expect(error.kind).toBe('validation');
  expect(error.data.detail).toMatch(detail);
  expect(fake.calls).toHaveLength(0);
}

const ENRICHED_COMPANY = {
  id: '16303253',
  name: 'Lusha',
  alternativeName: 'lusha',
  domain: 'www.lusha.com',
  alternativeDomains: ['lusha.com'],
  description: 'Lusha is the leader in Sales Streaming.',
  companyType: 'Private Company',
  yearFounded: 2016,
  employeeCount: { exact: 364, min: 201, max: 500 },
  industry: 'Technology, Information & Media',
  subIndustry: 'Software Development',
  specialities: ['data enrichment', ' ', 'data enrichment', 'sales intelligence'],
  sicCodes: [{ code: 7371, description: 'Custom computer programming services' }],
  naicsCodes: [{ code: 541511, description: 'Custom Computer Programming Services' }],
  companyOffering: 'B2B data',
  emailDomain: 'lusha.com',
  additionalIndustries: [{ industry: 'Financial Services', subIndustry: 'Insurance' }],
  estimatedAnnualItSpend: null,
  monthlyWebsiteTraffic: { visits: 128450, momChangePercent: 4.3, month: '2026-06' },
  location: { city: 'Boston', state: 'Massachusetts', country: 'United States', countryIso2: 'US', continent: 'North America', zipCode: '02199' },
  additionalLocations: [{ city: 'New York City', state: 'New York', country: 'United States' }],
  socialLinks: { linkedin: 'https://www.linkedin.com/company/lushadata', facebook: 'https://www.facebook.com/lusha', x: null },
  linkedinFollowers: 64339,
  revenueRange: { min: 10000000, max: 50000000 },
  funding: {
    rounds: [{ currency: 'USD', roundAmount: 205000000, roundType: 'Private Equity Round', roundDate: 'Nov 10, 2021' }],
    totalRounds: 1,
    totalRoundsAmount: 205000000,
    currency: 'USD',
    isIpo: false,
    lastRoundType: 'Private Equity Round',
    lastRoundAmount: 205000000,
    lastRoundDate: 'Nov 10, 2021',
  },
  intent: { detectedTopics: [{ topicName: 'Cognism Limited', metadata: { topicScore: 85, topicTrend: '+24' } }], topicCount: 1 },
  technologies: ['amazon', 'google analytics'],
  popularityTier: 1,
  logoUrl: 'https://logo.lusha.co/logo.jpg',
  employeesByDepartment: [{ department: 'Engineering & Technical', count: 95 }, { department: null, count: 3 }],
  employeesByLocation: [{ country: 'United States', state: null, count: 162 }],
  employeesBySeniority: [{ seniority: 'Manager', count: 39 }],
  competitors: [{ id: 2497917, name: 'Clearbit', domain: 'https://clearbit.com/' }],
  businessModel: ['B2B'],
  phone: '(480) 729-6394',
  phones: [{ number: '+1 800-420-7332' }, { number: '(480) 729-6394' }],
  emails: [{ email: 'Support@Lusha.com' }],
  keywords: ['prospecting'],
  futureField: { anything: true },
};

describe('request bodies', () => {
  it('searchContacts sends the signal filter', async () => {
    const fake = fakeFetch({ results: [] });
    const c = client(fake.fetch);
    await c.searchContacts([{ clientReferenceId: 'a', id: '1' }], { signals: { types: ['promotion', 'promotion', 'companyChange'], startDate: '2025-01-01', maxResultsPerSignal: 10 } });
    expect(fake.calls.map((call) => [call.method, call.url.pathname, call.body])).toEqual([
      ['POST', '/v3/contacts/search', { contacts: [{ clientReferenceId: 'a', id: '1' }], signals: { types: ['promotion', 'companyChange'], startDate: '2025-01-01', maxResultsPerSignal: 10 } }],
    ]);
    expect(fake.calls[0]?.headers.get('api_key')).toBe(KEY);
  });

  it('companies: search items keep only known non-blank keys; enrich always sends reveal', async () => {
    const fake = fakeFetch({ results: [] });
    const c = client(fake.fetch);
    const item = { clientReferenceId: 'x', domain: ' acme.example ', name: '', linkedinUrl: 'https://linkedin.com/company/acme' };
    await c.searchCompanies([item], { includePartialProfiles: true, signals: { types: ['surgeInHiring', 'riskNews'] } });
    await c.enrichCompanies(['1', '2']);
    await c.enrichCompanies(['1'], ['intent', 'competitors', 'intent']);
    expect(fake.calls.map((call) => [call.url.pathname, call.body])).toEqual([
      ['/v3/companies/search', { companies: [{ clientReferenceId: 'x', domain: 'acme.example' }], options: { includePartialProfiles: true }, signals: { types: ['surgeInHiring', 'riskNews'] } }],
      ['/v3/companies/enrich', { ids: ['1', '2'], reveal: [] }],
      ['/v3/companies/enrich', { ids: ['1'], reveal: ['intent', 'competitors'] }],
    ]);
  });

  it('signals: required signalTypes, window, cap and intent categories', async () => {
    const fake = fakeFetch({ results: [] });
    const c = client(fake.fetch);
    await c.getContactSignals(['1'], ['allSignals']);
    await c.getCompanySignals(['2'], ['linkedinActivityIntent', 'headcountIncrease12m'], { startDate: '2024-02-29', maxResultsPerSignal: 100, intentCategories: [' Technology ', '', 'Technology'] });
    expect(fake.calls.map((call) => [call.url.pathname, call.body])).toEqual([
      ['/v3/contacts/signals', { ids: ['1'], signalTypes: ['allSignals'] }],
      ['/v3/companies/signals', { ids: ['2'], signalTypes: ['linkedinActivityIntent', 'headcountIncrease12m'], startDate: '2024-02-29', maxResultsPerSignal: 100, filters: { include: { intentCategories: ['Technology'] } } }],
    ]);
  });

  it('prospecting: spec filter names, 0-based page, size clamped to 10..50, exclusions and options', async () => {
    const fake = fakeFetch({ results: [] });
    const c = client(fake.fetch);
    await c.prospectContacts(
      { companyDomains: ['acme.example', 'acme.example', ''], jobTitles: ['CTO'], seniorityIds: [9, 8], departments: ['Sales'], countries: ['US'], existingDataPoints: ['work_email'], searchText: ' data ', excludeContactIds: ['7'] },
      { page: 2, size: 500, includePartialProfiles: false, excludeDnc: true },
    );
    await c.prospectContacts({ companyIds: ['1'], companyNames: ['Acme'] }, { page: -4, size: 3 });
    await c.prospectContacts({ departments: ['Sales'] }, { page: 5000 });
    expect(fake.calls.map((call) => call.body)).toEqual([
      {
        pagination: { page: 2, size: 50 },
        filters: {
          contacts: { include: { jobTitles: ['CTO'], seniorityIds: [9, 8], departments: ['Sales'], countries: ['US'], existingDataPoints: ['work_email'], searchText: 'data' }, exclude: { ids: ['7'] } },
          companies: { include: { domains: ['acme.example'] } },
        },
        options: { includePartialProfiles: false, excludeDnc: true },
      },
      { pagination: { page: 0, size: 10 }, filters: { companies: { include: { ids: ['1'], names: ['Acme'] } } } },
      { pagination: { page: 1000, size: 25 }, filters: { contacts: { include: { departments: ['Sales'] } } } },
    ]);
  });

  it('buying group: one of domain or id per company, personas, limit and pagination only when asked', async () => {
    const fake = fakeFetch({ results: [] });
    const c = client(fake.fetch);
    await c.getBuyingGroup([{ clientReferenceId: 'a', domain: 'acme.example' }, { clientReferenceId: 'b', id: 'v1.AbC' }]);
    await c.getBuyingGroup([{ clientReferenceId: 'a', id: '1' }], { personas: ['end_user'], contactsLimit: 20, page: 1 });
    expect(fake.calls.map((call) => call.body)).toEqual([
      { companies: [{ domain: 'acme.example', clientReferenceId: 'a' }, { id: 'v1.AbC', clientReferenceId: 'b' }] },
      { companies: [{ id: '1', clientReferenceId: 'a' }], personas: ['end_user'], contactsLimit: 20, pagination: { page: 1, size: 100 } },
    ]);
  });
});

describe('checks before sending', () => {
  it.each([
    ['contact signals without types', (c: LushaV3Client) => c.getContactSignals(['1'], []), /signalTypes must name/],
    ['contact signals with a company type', (c: LushaV3Client) => c.getContactSignals(['1'], ['riskNews' as 'promotion']), /riskNews not one of/],
    ['company signals, 101 ids', (c: LushaV3Client) => c.getCompanySignals(Array.from({ length: 101 }, (_, i) => String(i)), ['allSignals']), /1 to 100/],
    ['company signals, a blank id', (c: LushaV3Client) => c.getCompanySignals([' '], ['allSignals']), /non-empty strings/],
    ['an impossible date', (c: LushaV3Client) => c.getCompanySignals(['1'], ['allSignals'], { startDate: '2025-02-30' }), /YYYY-MM-DD/],
    ['a cap above 100', (c: LushaV3Client) => c.getContactSignals(['1'], ['allSignals'], { maxResultsPerSignal: 101 }), /1 to 100/],
    ['a search signal filter without types', (c: LushaV3Client) => c.searchCompanies([{ clientReferenceId: 'a', id: '1' }], { signals: { types: [] } }), /signals.types/],
    ['a company item without identifier', (c: LushaV3Client) => c.searchCompanies([{ clientReferenceId: 'a', name: ' ' }]), /companies.0 needs an id/],
    ['no companies', (c: LushaV3Client) => c.searchCompanies([]), /0 items/],
    ['an unknown company extra', (c: LushaV3Client) => c.enrichCompanies(['1'], ['funding' as 'intent']), /funding not one of/],
    ['prospecting without filters', (c: LushaV3Client) => c.prospectContacts({ companyDomains: [''] }), /at least one company or person filter/],
    ['prospecting search text over 200', (c: LushaV3Client) => c.prospectContacts({ searchText: 'x'.repeat(201) }), /200/],
    ['prospecting a fractional seniority id', (c: LushaV3Client) => c.prospectContacts({ seniorityIds: [4.5] }), /seniorityIds/],
    ['buying group, 26 companies', (c: LushaV3Client) => c.getBuyingGroup(Array.from({ length: 26 }, (_, i) => ({ clientReferenceId: String(i), id: String(i) }))), /1 to 25/],
    ['buying group, domain and id', (c: LushaV3Client) => c.getBuyingGroup([{ clientReferenceId: 'a', id: '1', domain: 'x.example' } as { clientReferenceId: string; id: string }]), /exactly one of domain or id/],
    ['buying group, size 5', (c: LushaV3Client) => c.getBuyingGroup([{ clientReferenceId: 'a', id: '1' }], { size: 5 }), /size must be an integer from 10 to 100/],
    ['buying group, an unknown persona', (c: LushaV3Client) => c.getBuyingGroup([{ clientReferenceId: 'a', id: '1' }], { personas: ['buyer' as 'end_user'] }), /buyer not one of/],
  ] as const)('%s', async (_label, call, detail) => {
    await rejectedBeforeSending(call, detail);
  });
});

describe('company mapping', () => {
  it('maps an enriched record: bare domains, codes as strings, funding, intent, extras; requested-but-null stays null', async () => {
    const fake = fakeFetch({ requestId: 'r-1', results: [ENRICHED_COMPANY], billing: { creditsCharged: 4, resultsReturned: 1 } });
    const result = await client(fake.fetch).enrichCompanies(['16303253'], ['estimatedAnnualItSpend', 'competitors', 'employeesBySeniority']);
    expect(result).toMatchObject({ creditsCharged: 4, resultsReturned: 1, requestId: 'r-1' });
    const [outcome] = result.data;
    if (outcome?.status !== 'enriched') throw new Error(`expected enriched, got ${outcome?.status}`);
    const company = companySchema.parse(outcome.company);
    expect(company).toMatchObject({
      provider: 'lusha',
      id: '16303253',
      detail: 'enriched',
      domain: 'lusha.com',
      alternativeDomains: ['lusha.com'],
      emailDomain: 'lusha.com',
      offering: 'B2B data',
      yearFounded: 2016,
      employees: { exact: 364, min: 201, max: 500 },
      revenue: { min: 10000000, max: 50000000 },
      specialities: ['data enrichment', 'sales intelligence'],
      sicCodes: [{ code: '7371', description: 'Custom computer programming services' }],
      location: 'Boston, Massachusetts, United States',
      headquarters: { zipCode: '02199', countryIso2: 'US' },
      additionalLocations: [{ city: 'New York City', state: 'New York', country: 'United States' }],
      linkedinUrl: 'https://www.linkedin.com/company/lushadata',
      facebookUrl: 'https://www.facebook.com/lusha',
      phones: ['(480) 729-6394', '+1 800-420-7332'],
      emails: ['Support@Lusha.com'],
      funding: { totalRounds: 1, totalAmount: 205000000, isIpo: false, rounds: [{ type: 'Private Equity Round', amount: 205000000, currency: 'USD', date: 'Nov 10, 2021' }] },
      // Not requested, but sent with data: kept.
      intent: { topics: [{ name: 'Cognism Limited', score: 85, trend: '+24' }], topicCount: 1 },
      monthlyWebsiteTraffic: { visits: 128450, momChangePercent: 4.3, month: '2026-06' },
      employeesByDepartment: [{ label: 'Engineering & Technical', count: 95 }],
      employeesByLocation: [{ country: 'United States', count: 162 }],
      // Requested.
      estimatedAnnualItSpend: null,
      competitors: [{ id: '2497917', name: 'Clearbit', domain: 'clearbit.com' }],
      employeesBySeniority: [{ label: 'Manager', count: 39 }],
    });
    expect(company).not.toHaveProperty('xUrl');
    expect(JSON.stringify(company)).not.toContain('futureField');
  });

  it('a requested extra Lusha did not send at all becomes empty; unrequested absent extras stay absent', async () => {
    const fake = fakeFetch({ results: [{ id: '9', name: 'Tiny' }] });
    const [outcome] = (await client(fake.fetch).enrichCompanies(['9'], ['competitors', 'intent', 'monthlyWebsiteTraffic'])).data;
    if (outcome?.status !== 'enriched') throw new Error('expected enriched');
    expect(outcome.company).toMatchObject({ competitors: [], intent: null, monthlyWebsiteTraffic: null });
    expect(outcome.company).not.toHaveProperty('employeesByDepartment');
    expect(outcome.company).not.toHaveProperty('estimatedAnnualItSpend');
  });

  it('search previews keep has, canReveal (any field name) and signalTypes; per-item errors stay per item', async () => {
    const fake = fakeFetch({
      results: [
        {
          clientReferenceId: 'a',
          id: 16303253,
          name: 'Lusha',
          domain: 'www.lusha.com',
          employeeCount: { exact: 364 },
          location: { city: 'London', country: 'United Kingdom' },
          has: ['description', 'competitors'],
          canReveal: [{ field: 'competitors', credits: 1 }, { field: 'intent', credits: 0 }],
          signalTypes: ['headcountIncrease3m'],
        },
        { clientReferenceId: 'b', error: { code: 'NOT_FOUND', message: 'Company not found' } },
        { clientReferenceId: 'c' },
      ],
      billing: { creditsCharged: 1, resultsReturned: 1 },
    });
    const result = await client(fake.fetch).searchCompanies([
      { clientReferenceId: 'a', name: 'Lusha' },
      { clientReferenceId: 'b', domain: 'x.example' },
      { clientReferenceId: 'c', id: '3' },
    ]);
    expect(result.data[0]).toMatchObject({
      clientReferenceId: 'a',
      status: 'found',
      company: { id: '16303253', detail: 'preview', domain: 'lusha.com', location: 'London, United Kingdom', has: ['description', 'competitors'], canReveal: [{ field: 'competitors', credits: 1 }, { field: 'intent', credits: 0 }], signalTypes: ['headcountIncrease3m'] },
    });
    expect(result.data.slice(1)).toEqual([
      { clientReferenceId: 'b', status: 'not-found', message: 'Company not found' },
      { clientReferenceId: 'c', status: 'failed', message: 'result has neither an id nor an error' },
    ]);
  });

  it('enrich outcomes fall back to the requested id and map every per-item error code', async () => {
    const fake = fakeFetch({ results: [{ error: { code: 'COMPLIANCE_RESTRICTED' } }, { id: '2', error: { code: 'ENRICH_FAILED', message: 'try later' } }, {}] });
    const result = await client(fake.fetch).enrichCompanies(['1', '2', '3']);
    expect(result.data).toEqual([
      { id: '1', status: 'restricted', message: 'COMPLIANCE_RESTRICTED' },
      { id: '2', status: 'failed', message: 'ENRICH_FAILED: try later' },
      { id: '3', status: 'enriched', company: expect.objectContaining({ id: '3', detail: 'enriched' }) },
    ]);
  });

  it('a wrong shape is an unexpected response naming the path', async () => {
    const fake = fakeFetch({ results: [{ id: '1', employeeCount: { exact: 'many' } }] });
    const error = await errorOf(client(fake.fetch).enrichCompanies(['1']));
    expect(error.kind).toBe('unexpected-response');
    expect(error.data.detail).toMatch(/^results\.0\.employeeCount\.exact: .*expected number/);
  });
});

describe('signals mapping', () => {
  it('contact signals (spec example): previous → current, ordered by request, absent ids not-found', async () => {
    const fake = fakeFetch({
      results: [
        { id: '115889', companyChange: [{ id: '115889', signalDate: '2025-02-01', previousCompany: 'ZoomInfo', newCompany: 'Lusha' }], promotion: [] },
        { id: '7', error: { code: 'NOT_FOUND', message: 'Contact not found' } },
      ],
      startDate: '2025-01-01',
      endDate: '2025-03-01',
      billing: { creditsCharged: 1, resultsReturned: 1 },
    });
    const result = await client(fake.fetch).getContactSignals(['7', '115889', '8'], ['allSignals'], { startDate: '2025-01-01' });
    expect(result.data.startDate).toBe('2025-01-01');
    expect(result.data.endDate).toBe('2025-03-01');
    expect(result.data.results).toEqual([
      { id: '7', status: 'not-found', message: 'Contact not found' },
      {
        id: '115889',
        status: 'found',
        signals: [
          {
            provider: 'lusha',
            entity: { type: 'contact', id: '115889' },
            type: 'companyChange',
            category: 'job-change',
            date: '2025-02-01',
            previous: { company: 'ZoomInfo' },
            current: { company: 'Lusha' },
            topics: [],
            raw: {},
          },
        ],
      },
      { id: '8', status: 'not-found', message: 'no result for this id' },
    ]);
    expect(result.creditsCharged).toBe(1);
  });

  it('V2-style contact fields (current*/previous*) map the same way', async () => {
    const fake = fakeFetch({
      results: [
        {
          id: '1',
          promotion: [{ personId: '1', currentCompanyName: 'Callaway', currentTitle: 'Senior Manager', previousTitle: 'Manager', currentDomain: 'https://www.vendavo.com', currentSeniorityLabel: 'c-suite', signalDate: '2025-05-01' }],
        },
      ],
    });
    const [outcome] = (await client(fake.fetch).getContactSignals(['1'], ['promotion'])).data.results;
    if (outcome?.status !== 'found') throw new Error('expected found');
    expect(outcome.signals[0]).toMatchObject({
      category: 'promotion',
      previous: { title: 'Manager' },
      current: { company: 'Callaway', companyDomain: 'vendavo.com', title: 'Senior Manager' },
      raw: { currentSeniorityLabel: 'c-suite' },
    });
  });

  it('company signals: headcount, hiring, traffic, IT spend, news and intent, newest first, each valid', async () => {
    const fake = fakeFetch({
      results: [
        {
          id: '3416',
          companyName: 'Lusha',
          domain: 'lusha.com',
          headcountIncrease3m: [{ signalId: '1503904', signalDate: '2025-06-15', baselineEmployeesCount: 500, newEmployeesCount: 550, changeRatePercent: 10 }],
          headcountDecrease12m: [{ signalDate: '2025-01-02', baselineEmployeesCount: '80', newEmployeesCount: '60' }],
          surgeInHiringByLocation: [{ signalDate: '2025-06-14', country: 'United States', state: 'California', newJobsPostedLast4Weeks: 20, historicalAvg: 8, changeRatePercent: 150 }],
          surgeInHiringByDepartment: [{ signalDate: '2025-06-13', department: 'Engineering', newJobsPostedLast4Weeks: 15, historicalAvg: 5 }],
          websiteTrafficIncrease: [{ signalDate: '2025-06-12', historicalAvg: 50000, lastMonthVisits: 75000, changeRatePercent: 50 }],
          itSpendDecrease: [{ signalDate: '2025-06-11', estimatedAnnualItSpend: 5000000, changeRatePercent: -25 }],
          commercialActivityNews: [
            {
              signalId: '1503910',
              eventType: 'partnership',
              eventSummary: 'Lusha announced a strategic partnership with Salesforce.',
              articlePublishedDate: '2025-06-16',
              articleTitle: 'Lusha Partners with Salesforce',
              articleHighlight: 'The partnership enables …',
              eventEffectiveDate: '2025-06-10',
              articleUrl: 'https://example.com/lusha-salesforce-partnership',
            },
          ],
          linkedinActivityIntent: [
            {
              companyId: 3416,
              activityPublicationDate: '2025-06-17',
              signalCategory: 'Technology or Stack Discussion',
              intentTopics: [{ topic: 'Cloud Security', category: 'Technology' }],
              author: { id: null, fullName: 'Daniel', linkedinUrl: 'https://www.linkedin.com/in/d' },
              activityUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:1',
              activitySummary: 'Discusses a new stack.',
              activityLikes: 42,
            },
          ],
          riskNews: [],
          notAList: 'x',
          odd: [1, 'two'],
        },
      ],
    });
    const [outcome] = (await client(fake.fetch).getCompanySignals(['3416'], ['allSignals'])).data.results;
    if (outcome?.status !== 'found') throw new Error('expected found');
    const signals = outcome.signals;
    for (const signal of signals) expect(signalSchema.parse(signal)).toEqual(signal);
    expect(signals.map((s) => [s.type, s.category, s.date])).toEqual([
      ['linkedinActivityIntent', 'intent', '2025-06-17'],
      ['commercialActivityNews', 'news', '2025-06-16'],
      ['headcountIncrease3m', 'headcount', '2025-06-15'],
      ['surgeInHiringByLocation', 'hiring', '2025-06-14'],
      ['surgeInHiringByDepartment', 'hiring', '2025-06-13'],
      ['websiteTrafficIncrease', 'website-traffic', '2025-06-12'],
      ['itSpendDecrease', 'it-spend', '2025-06-11'],
      ['headcountDecrease12m', 'headcount', '2025-01-02'],
    ]);
    const byType = (type: string) => signals.find((s) => s.type === type);
    expect(byType('headcountIncrease3m')).toMatchObject({ id: '1503904', direction: 'increase', period: '3m', value: 550, previousValue: 500, delta: 50, deltaPercent: 10, raw: {} });
    expect(byType('headcountDecrease12m')).toMatchObject({ direction: 'decrease', period: '12m', value: 60, previousValue: 80, delta: -20 });
    expect(byType('surgeInHiringByLocation')).toMatchObject({ location: 'California, United States', value: 20, previousValue: 8, deltaPercent: 150 });
    expect(byType('surgeInHiringByDepartment')).toMatchObject({ department: 'Engineering', value: 15 });
    expect(byType('websiteTrafficIncrease')).toMatchObject({ value: 75000, previousValue: 50000, delta: 25000 });
    expect(byType('itSpendDecrease')).toMatchObject({ direction: 'decrease', value: 5000000, deltaPercent: -25 });
    expect(byType('commercialActivityNews')).toMatchObject({
      id: '1503910',
      subtype: 'partnership',
      title: 'Lusha Partners with Salesforce',
      summary: 'Lusha announced a strategic partnership with Salesforce.',
      url: 'https://example.com/lusha-salesforce-partnership',
      raw: { articleHighlight: 'The partnership enables …', eventEffectiveDate: '2025-06-10' },
    });
    expect(byType('linkedinActivityIntent')).toMatchObject({
      subtype: 'Technology or Stack Discussion',
      topics: ['Cloud Security'],
      summary: 'Discusses a new stack.',
      raw: { author: { id: null, fullName: 'Daniel', linkedinUrl: 'https://www.linkedin.com/in/d' }, activityLikes: 42 },
    });
    expect(byType('linkedinActivityIntent')?.raw).not.toHaveProperty('companyId');
  });

  it('a signal type nobody knows yet still maps, as category other', async () => {
    const fake = fakeFetch({ results: [{ id: '1', fundingRaised: [{ signalDate: '2025-01-01', amount: 5 }] }] });
    const [outcome] = (await client(fake.fetch).getCompanySignals(['1'], ['allSignals'])).data.results;
    expect(outcome).toMatchObject({ status: 'found', signals: [{ type: 'fundingRaised', category: 'other', date: '2025-01-01', raw: { amount: 5 } }] });
  });
});

describe('people mapping', () => {
  it('prospecting maps previews (with signal types) and pagination; falls back to what was sent', async () => {
    const fake = fakeFetch({
      requestId: 'fa828378-7a8e-4e5d-9f72-0270e7f7ab51',
      pagination: { page: 0, size: 50, total: 670550 },
      results: [{ id: '670138733', firstName: 'Ting', lastName: 'Tsou', signalTypes: ['promotion'] }],
      billing: { creditsCharged: 2, resultsReturned: 50 },
    });
    const result = await client(fake.fetch).prospectContacts({ companyDomains: ['lusha.com'] }, { size: 50 });
    expect(result.data).toEqual({
      results: [{ status: 'found', preview: expect.objectContaining({ id: '670138733', fullName: 'Ting Tsou', signalTypes: ['promotion'] }) }],
      page: 0,
      size: 50,
      total: 670550,
    });
    expect(result).toMatchObject({ creditsCharged: 2, resultsReturned: 50 });
    const bare = await client(fakeFetch({ results: [] }).fetch).prospectContacts({ companyDomains: ['x.example'] }, { page: 3, size: 20 });
    expect(bare.data).toEqual({ results: [], page: 3, size: 20 });
  });

  it('buying group (spec example): members with roles and score, company-level and member-level errors', async () => {
    const fake = fakeFetch({
      requestId: '951d46da-24f9-4608-84bf-5e70a10bf851',
      results: [
        {
          clientReferenceId: 'comp-ref-1',
          companyId: 'v1.ocoj3UrkPqHcR8yAEosYFTuVXTH282LP',
          contacts: [
            {
              id: 'v1.VdKU4HkaDb7CE4CEImoUcm7bxUGUUz-aOQ',
              firstName: 'Mohammed',
              lastName: 'Alam',
              jobTitle: { title: 'RF/Analog IC Design Engineer', departments: ['Engineering & Technical'], seniority: 'Non-Manager' },
              company: { id: 'v1.ocoj3UrkPqHcR8yAEosYFTuVXTH282LP', name: 'Intel', domain: 'www.intel.com' },
              has: ['phones'],
              canReveal: [{ field: 'phones', credits: 5 }],
              roles: ['potential_champion'],
              score: 1.2,
            },
            { error: { code: 'NO_SCORE', message: 'no score' } },
          ],
        },
        { clientReferenceId: 'comp-ref-2', error: { code: 'NOT_FOUND', message: 'Company not found' } },
      ],
      pagination: { page: 0, size: 100, total: 1 },
      billing: { creditsCharged: 1, resultsReturned: 1 },
    });
    const result = await client(fake.fetch).getBuyingGroup([
      { clientReferenceId: 'comp-ref-1', domain: 'intel.com' },
      { clientReferenceId: 'comp-ref-2', id: 'v1.x' },
    ]);
    expect(result.data).toEqual({
      results: [
        {
          clientReferenceId: 'comp-ref-1',
          companyId: 'v1.ocoj3UrkPqHcR8yAEosYFTuVXTH282LP',
          status: 'found',
          members: [
            {
              status: 'found',
              preview: expect.objectContaining({ id: 'v1.VdKU4HkaDb7CE4CEImoUcm7bxUGUUz-aOQ', companyDomain: 'intel.com', canReveal: [{ field: 'phones', credits: 5 }] }),
              roles: ['potential_champion'],
              score: 1,
            },
            { status: 'failed', message: 'NO_SCORE: no score' },
          ],
        },
        { clientReferenceId: 'comp-ref-2', status: 'not-found', message: 'Company not found' },
      ],
      page: 0,
      size: 100,
      total: 1,
    });
  });
});

describe('account usage', () => {
  it('keeps the whole plan block, with a null end date for plans without renewal', async () => {
    const fake = fakeFetch({ credits: { total: 5, used: 1, remaining: 4 }, plan: { category: 'free', renewalType: 'none', startDate: '2026-01-01T00:00:00.000Z', endDate: null } });
    const usage = (await client(fake.fetch).getAccountUsage()).data;
    expect(usage.plan).toBe('free');
    expect(usage.planDetails).toEqual({ category: 'free', renewalType: 'none', startDate: '2026-01-01T00:00:00.000Z', endDate: null });
  });
});
