/**
 * The company service against the local sandbox over real HTTP: what is stored is served without a request, every
 * spend is priced and confirmed first, the daily cap holds, and the ledger books exactly what the sandbox charged.
 */
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../tests/sandbox/dataset';
import type { SandboxCompany } from '../../tests/sandbox/dataset-types';
import { companyProfile, holdsExtra } from '../../tests/sandbox/lusha-company-data';
import { personaRoles, personaScore } from '../../tests/sandbox/lusha-prospecting';
import { companySignalsOf } from '../../tests/sandbox/lusha-signal-data';
import { startSandbox, type Sandbox } from '../../tests/sandbox/server';
import type { CompanyEntity } from '../domain/page-context';
import { SidecarError } from '../domain/errors';
import type { Signal } from '../domain/signal';
import type { SignalsRequest } from '../messaging/insights';
import { createLushaClient, type LushaCallResult, type LushaV3Client, type SignalsResult } from '../providers/lusha';
import { canonicalLinkedInProfileUrl } from '../recognition/normalize';
import { lookupKey } from '../scheduler/lookup-keys';
import { SlidingWindowLimiter } from '../scheduler/rate-limiter';
import { eraseAllData, getPreview } from '../store/contacts';
import { closeDbForTests } from '../store/db';
import { listSpends } from '../store/ledger';
import { setApiKey } from '../store/secrets';
import { createCompanyService, MAX_RESULTS_PER_SIGNAL, signalTypesOf } from './company-service';
import { createLookupService, type BookedSpend } from './lookup-service';
import { getCachedUsage, saveSettings, setCachedUsage } from './state';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  sandbox.reset();
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

interface Sent {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/** The lookup and company services on one sandbox key, recording every request they send. */
async function setup(options: { key?: string; limiter?: SlidingWindowLimiter } = {}) {
  const sent: Sent[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ path: new URL(url).pathname, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}, at: Date.now() });
    return fetch(input, init);
  };
  const lookup = createLookupService({
    createClient: (apiKey) => createLushaClient({ apiKey, baseUrl: sandbox.url, timeoutMs: 5000, fetch: recording }),
    limiter: options.limiter,
  });
  await setApiKey('lusha', options.key ?? SANDBOX_KEYS.valid);
  await lookup.getCredits(true); // the account's pricing, as the background caches it
  sent.length = 0;
  const companies = createCompanyService({
    getClient: () => lookup.requireClient(),
    bookSpend: (spend) => lookup.bookSpend(spend),
    limiter: lookup.limiter,
  });
  const paths = () => sent.map((entry) => entry.path);
  return { lookup, companies, sent, paths };
}

const company = (fields: Partial<CompanyEntity>): CompanyEntity => ({ type: 'company', confidence: 1, ...fields });

function companyWhere(test: (c: SandboxCompany) => boolean): SandboxCompany {
  const found = sandbox.dataset.companies.find(test);
  if (!found) throw new Error('no such company in the sandbox');
  return found;
}

/** A company holding competitors and head count by department, but no IT spend estimate. */
function revealTarget(): SandboxCompany {
  return companyWhere((c) => {
    const profile = companyProfile(c, sandbox.dataset);
    return profile.estimatedAnnualItSpend === null && holdsExtra(profile, 'competitors') && holdsExtra(profile, 'employeesByDepartment');
  });
}

async function ledgerTotal(): Promise<number> {
  return (await listSpends()).reduce((sum, entry) => sum + entry.credits, 0);
}

async function failure(promise: Promise<unknown>): Promise<SidecarError['data']> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SidecarError.is(error)) throw new Error(`expected a SidecarError, got ${String(error)}`);
  return error.data;
}

describe('lookupCompany', () => {
  it('searches once by bare domain, then serves the store with no request', async () => {
    const { companies, paths, sent } = await setup();
    const target = sandbox.dataset.companies[3]!;
    const first = await companies.lookupCompany(company({ domain: `https://www.${target.domain}/about`, name: 'ignored when a domain is known' }));
    expect(first).toMatchObject({
      key: `domain:${target.domain}`,
      fromCache: false,
      profileCredits: PRICING.revealCompany.credits,
      result: { status: 'found', company: { id: target.id, detail: 'preview', name: target.name } },
    });
    expect(first.enriched).toBeUndefined();
    expect(sent[0]?.body).toMatchObject({ companies: [{ domain: target.domain }] });

    const again = await companies.lookupCompany(company({ domain: target.domain.toUpperCase() }));
    expect(again).toMatchObject({ key: first.key, fromCache: true, result: first.result });
    expect(paths()).toEqual(['/v3/companies/search']);
  });

  it('shares one search between simultaneous callers', async () => {
    const { companies, paths } = await setup();
    const target = sandbox.dataset.companies[4]!;
    const views = await Promise.all([1, 2, 3].map(() => companies.lookupCompany(company({ domain: target.domain }))));
    expect(new Set(views.map((view) => view.key)).size).toBe(1);
    expect(paths()).toEqual(['/v3/companies/search']);
  });

  it('keys a LinkedIn company page by its URL and searches by the page’s name; a URL alone is refused', async () => {
    const { companies, paths, sent } = await setup();
    const target = sandbox.dataset.companies[5]!;
    const refused = await failure(companies.lookupCompany(company({ linkedinUrl: `https://www.linkedin.com/company/${target.linkedinSlug}` })));
    expect(refused).toMatchObject({ kind: 'validation', message: expect.stringContaining('LinkedIn page alone') });
    expect(paths()).toEqual([]);

    const view = await companies.lookupCompany(company({ linkedinUrl: `https://uk.linkedin.com/company/${target.linkedinSlug}/about/`, name: target.name }));
    expect(view.key).toBe(`linkedin-company:https://www.linkedin.com/company/${target.linkedinSlug.toLowerCase()}`);
    expect(view.result).toMatchObject({ status: 'found', company: { id: target.id } });
    expect(sent[0]?.body).toMatchObject({ companies: [{ name: target.name }] });
  });

  it('keeps “not found” too, under the lower-cased name', async () => {
    const { companies, paths } = await setup();
    const first = await companies.lookupCompany(company({ name: 'Nobody  Corp' }));
    expect(first).toMatchObject({ key: 'company-name:nobody corp', result: { status: 'not-found' }, fromCache: false });
    const second = await companies.lookupCompany(company({ name: 'NOBODY CORP' }));
    expect(second.fromCache).toBe(true);
    expect(paths()).toEqual(['/v3/companies/search']);
  });

  it('is cleared by “erase all data”', async () => {
    const { companies, paths } = await setup();
    const target = sandbox.dataset.companies[6]!;
    await companies.lookupCompany(company({ domain: target.domain }));
    await eraseAllData();
    const after = await companies.lookupCompany(company({ domain: target.domain }));
    expect(after.fromCache).toBe(false);
    expect(paths()).toEqual(['/v3/companies/search', '/v3/companies/search']);
  });
});

describe('revealCompany', () => {
  it('prices the profile plus each new extra, asks first, then merges extras and books what the sandbox charged', async () => {
    const { companies, paths, sent } = await setup();
    const target = revealTarget();
    const profile = companyProfile(target, sandbox.dataset);
    await companies.lookupCompany(company({ domain: target.domain }));

    const asked = await failure(companies.revealCompany(target.id, ['competitors']));
    expect(asked).toMatchObject({ kind: 'needs-confirmation', credits: PRICING.revealCompany.credits + PRICING.revealCompanyField.credits });
    expect(asked.message).toContain('full profile and competitors');
    expect(paths()).toEqual(['/v3/companies/search']);

    const first = await companies.revealCompany(target.id, ['competitors'], 2);
    expect(first).toMatchObject({ profileCredits: 0, fromCache: false, enriched: { id: target.id, detail: 'enriched', description: profile.description, competitors: profile.competitors } });
    expect(first.enriched?.employeesByDepartment).toBeUndefined();

    // The profile is paid for: only the new extra is priced and asked for; competitors are not asked again.
    expect(await failure(companies.revealCompany(target.id, ['competitors', 'employeesByDepartment']))).toMatchObject({
      kind: 'needs-confirmation',
      credits: PRICING.revealCompanyField.credits,
    });
    const second = await companies.revealCompany(target.id, ['competitors', 'employeesByDepartment'], 1);
    expect(sent.at(-1)?.body).toMatchObject({ ids: [target.id], reveal: ['employeesByDepartment'] });
    expect(second.enriched).toMatchObject({
      competitors: profile.competitors,
      employeesByDepartment: profile.employeesByDepartment.map((d) => ({ label: d.department, count: d.count })),
    });
    expect(second.result.status === 'found' && second.result.company.canReveal).toContainEqual({ field: 'competitors', credits: 0 });

    // Everything asked for is stored: no request, no charge.
    const third = await companies.revealCompany(target.id, ['competitors']);
    expect(third).toMatchObject({ fromCache: true, enriched: second.enriched });
    const looked = await companies.lookupCompany(company({ domain: target.domain }));
    expect(looked).toMatchObject({ fromCache: true, profileCredits: 0, enriched: second.enriched });
    expect(paths()).toEqual(['/v3/companies/search', '/v3/companies/enrich', '/v3/companies/enrich']);

    const spends = await listSpends();
    expect(spends.map((entry) => [entry.action, entry.entityId, entry.field, entry.credits])).toEqual([
      ['company', target.id, 'competitors', 2],
      ['company', target.id, 'employeesByDepartment', 1],
    ]);
    expect(await ledgerTotal()).toBe(sandbox.state().lusha.creditsUsed);
    expect(sandbox.state().lusha.creditsUsed).toBe(3);
  });

  it('refuses an extra Lusha does not hold, and the daily cap holds even when confirmed', async () => {
    const { companies, paths } = await setup();
    const target = revealTarget();
    await companies.lookupCompany(company({ domain: target.domain }));
    const missing = await failure(companies.revealCompany(target.id, ['estimatedAnnualItSpend'], 10));
    expect(missing).toMatchObject({ kind: 'not-found', message: 'Lusha has no IT spend estimate for this company, so there is nothing to reveal.' });

    await saveSettings({ dailyCreditCap: 1 });
    const capped = await failure(companies.revealCompany(target.id, ['competitors'], 2));
    expect(capped).toMatchObject({ kind: 'budget-exceeded', credits: 2 });
    expect(paths()).toEqual(['/v3/companies/search']);
    expect(sandbox.state().lusha.creditsUsed).toBe(0);

    // Under the user's "ask me above" threshold, no confirmation is needed.
    await saveSettings({ dailyCreditCap: 100, autoConfirmUnder: 5 });
    const view = await companies.revealCompany(target.id, []);
    expect(view.enriched).toMatchObject({ id: target.id, detail: 'enriched' });
    expect(await ledgerTotal()).toBe(PRICING.revealCompany.credits);
  });

  it('needs a lookup first, and says so in Sidecar’s words', async () => {
    const { companies, paths } = await setup();
    expect(await failure(companies.revealCompany('123', [], 5))).toMatchObject({ kind: 'validation', message: expect.stringContaining('Look this company up again') });
    expect(paths()).toEqual([]);
  });

  it('an account out of credits fails the reveal, but does not stop later company lookups', async () => {
    const { companies, paths } = await setup({ key: SANDBOX_KEYS.lowCredits });
    const target = revealTarget();
    await companies.lookupCompany(company({ domain: target.domain }));
    const error = await failure(companies.revealCompany(target.id, ['competitors', 'employeesByDepartment'], 3));
    expect(error.kind).toBe('out-of-credits');
    expect(error.message).not.toMatch(/insufficient/i);
    const other = await companies.lookupCompany(company({ domain: sandbox.dataset.companies[9]!.domain }));
    expect(other.fromCache).toBe(false);
    expect(paths()).toEqual(['/v3/companies/search', '/v3/companies/enrich', '/v3/companies/search']);
    expect(await listSpends()).toEqual([]);
  });
});

describe('getSignals', () => {
  /** What the sandbox serves for these groups: per type, the newest `max` (the whole history is in the window). */
  function expectedCount(target: SandboxCompany, groups: SignalsRequest['groups']): number {
    const generated = companySignalsOf(target, sandbox.dataset);
    return groups.reduce(
      (sum, group) =>
        sum + (signalTypesOf('company', group) ?? []).reduce((n, type) => n + Math.min(MAX_RESULTS_PER_SIGNAL[group], generated.filter((s) => s.type === type).length), 0),
      0,
    );
  }

  it('quotes first, asks, fetches one call per distinct maximum, books the charge, and serves the store newest first', async () => {
    const { companies, paths, sent } = await setup();
    const target = companyWhere((c) => {
      const types = new Set(companySignalsOf(c, sandbox.dataset).map((s) => s.type));
      return [...types].some((t) => t.startsWith('headcount')) && [...types].filter((t) => t.endsWith('News')).length >= 2;
    });
    const request: SignalsRequest = { entity: { type: 'company', id: target.id }, groups: ['headcount', 'news'], startDate: '2000-01-01', fetch: false };
    const maxCredits = (8 * 1 + 7 * 3) * PRICING.showSignalsCompany.credits;

    expect(await companies.getSignals(request)).toEqual({ maxCredits, fromCache: false });
    expect(await failure(companies.getSignals({ ...request, fetch: true }))).toMatchObject({ kind: 'needs-confirmation', credits: maxCredits });
    expect(paths()).toEqual([]);

    const fetched = await companies.getSignals({ ...request, fetch: true, confirmedCredits: maxCredits });
    expect(paths()).toEqual(['/v3/companies/signals', '/v3/companies/signals']);
    expect(sent.map((entry) => entry.body.maxResultsPerSignal).sort()).toEqual([1, 3]);
    const signals = fetched.signals ?? [];
    expect(signals).toHaveLength(expectedCount(target, request.groups));
    expect(new Set(signals.map((s) => s.category))).toEqual(new Set(['headcount', 'news']));
    const dates = signals.map((s) => s.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    for (const type of new Set(signals.map((s) => s.type))) {
      expect(signals.filter((s) => s.type === type).length).toBeLessThanOrEqual(type.endsWith('News') ? 3 : 1);
    }
    expect(fetched.charged).toBe(sandbox.state().lusha.creditsByAction.showSignalsCompany);
    expect(fetched.charged).toBeGreaterThan(0);
    expect(fetched.charged).toBeLessThanOrEqual(maxCredits);
    expect(await ledgerTotal()).toBe(sandbox.state().lusha.creditsUsed);
    expect((await listSpends()).every((entry) => entry.action === 'signals' && entry.entityId === target.id)).toBe(true);

    const cached = await companies.getSignals(request);
    expect(cached).toMatchObject({ fromCache: true, signals, maxCredits });
    const again = await companies.getSignals({ ...request, fetch: true, confirmedCredits: maxCredits });
    expect(again.fromCache).toBe(true);
    expect(paths()).toHaveLength(2);
  });

  it('contact signals in one call, newest first; an unknown person has none (not an error)', async () => {
    const { companies, paths } = await setup();
    const mover = sandbox.dataset.people.find((p) => p.id.endsWith('9') && !p.restricted);
    if (!mover) throw new Error('no one with both signals');
    const request: SignalsRequest = { entity: { type: 'contact', id: mover.id }, groups: ['company-change', 'promotion'], startDate: '2000-01-01', fetch: true, confirmedCredits: 6 };
    const view = await companies.getSignals(request);
    expect(view.maxCredits).toBe(6 * PRICING.showSignalsContact.credits);
    expect(view.signals?.map((s) => s.category).sort()).toEqual(['job-change', 'promotion']);
    const [newer, older] = view.signals ?? [];
    expect((newer?.date ?? '') >= (older?.date ?? '')).toBe(true);
    expect(view.charged).toBe(2);

    const nobody = await companies.getSignals({ ...request, entity: { type: 'contact', id: '42' } });
    expect(nobody).toMatchObject({ signals: [], fromCache: false, charged: 0 });
    expect(paths()).toEqual(['/v3/contacts/signals', '/v3/contacts/signals']);
    expect(await ledgerTotal()).toBe(sandbox.state().lusha.creditsUsed);
  });

  it('refuses a people group for a company (and the reverse) before sending anything', async () => {
    const { companies, paths } = await setup();
    const onCompany = await failure(companies.getSignals({ entity: { type: 'company', id: '1' }, groups: ['news', 'promotion'], startDate: '2025-01-01', fetch: false }));
    expect(onCompany.kind).toBe('validation');
    const onPerson = await failure(companies.getSignals({ entity: { type: 'contact', id: '1' }, groups: ['hiring'], startDate: '2025-01-01', fetch: false }));
    expect(onPerson.kind).toBe('validation');
    expect(paths()).toEqual([]);
  });

  it('prices with the account’s own pricing, 1 credit each when it is unknown', async () => {
    const { companies } = await setup();
    const usage = await getCachedUsage();
    if (!usage) throw new Error('no cached usage');
    const request: SignalsRequest = { entity: { type: 'company', id: '1' }, groups: ['hiring', 'intent'], startDate: '2025-01-01', fetch: false };
    expect((await companies.getSignals(request)).maxCredits).toBe(3 * 3 + 1 * 5);
    await setCachedUsage({ ...usage, pricing: { ...usage.pricing, showSignalsCompany: { credits: 2, perQuantity: 1 }, buyingGroupContact: { credits: 3, perQuantity: 1 } } });
    expect((await companies.getSignals(request)).maxCredits).toBe(2 * (3 * 3 + 1 * 5));
    expect((await companies.findPeople({ company: { id: '1' }, mode: 'decision-makers', fetch: false })).maxCredits).toBe(30);
    await setCachedUsage(null);
    expect((await companies.getSignals(request)).maxCredits).toBe(14);
  });
});

describe('findPeople', () => {
  it('decision makers: quoted, confirmed, booked as charged, cached, and each one opens in the panel with no search', async () => {
    const { companies, lookup, paths } = await setup();
    const target = sandbox.dataset.companies[2]!;
    const deciders = sandbox.dataset.people
      .filter((p) => p.companyId === target.id && !p.restricted && personaRoles(p).includes('decision_maker'))
      .sort((a, b) => personaScore(b) - personaScore(a) || a.id.localeCompare(b.id))
      .slice(0, 10);
    expect(deciders.length).toBeGreaterThan(0);
    const request = { company: { id: target.id, domain: target.domain }, mode: 'decision-makers' as const, fetch: false };

    expect(await companies.findPeople(request)).toEqual({ maxCredits: 10 * PRICING.buyingGroupContact.credits, fromCache: false });
    expect(await failure(companies.findPeople({ ...request, fetch: true }))).toMatchObject({ kind: 'needs-confirmation', credits: 10 });
    expect(paths()).toEqual([]);

    const found = await companies.findPeople({ ...request, fetch: true, confirmedCredits: 10 });
    expect(found.people?.map((p) => p.preview.id)).toEqual(deciders.map((p) => p.id));
    expect(found.people?.every((p) => p.roles.includes('decision_maker') && (p.score ?? 0) > 0)).toBe(true);
    expect(found.charged).toBe(deciders.length);
    expect(await ledgerTotal()).toBe(sandbox.state().lusha.creditsUsed);
    expect((await listSpends())[0]).toMatchObject({ action: 'people', credits: deciders.length });

    // Each person is in the previews store under the key the panel uses for their LinkedIn profile…
    const person = deciders[0]!;
    const linkedinUrl = canonicalLinkedInProfileUrl(linkedinUrlOf(person));
    if (!linkedinUrl) throw new Error('no profile URL');
    const stored = await getPreview(lookupKey({ kind: 'linkedin-profile', linkedinUrl }));
    expect(stored?.result).toMatchObject({ status: 'found', preview: { id: person.id } });
    // …so opening them is served from the store, and asking for the group again is free.
    const opened = await lookup.lookupContact({ kind: 'linkedin-profile', linkedinUrl });
    expect(opened).toMatchObject({ fromCache: true, result: { status: 'found', preview: { id: person.id } } });
    const again = await companies.findPeople(request);
    expect(again).toMatchObject({ fromCache: true, people: found.people });
    expect(paths()).toEqual(['/v3/contacts/buying-group']);
  });

  it('by title: needs a title, prospects one page of 10 at most 1 credit, and books what was charged', async () => {
    const { companies, sent, paths } = await setup();
    const target = sandbox.dataset.companies[0]!;
    expect(await failure(companies.findPeople({ company: { domain: target.domain }, mode: 'title', fetch: true, confirmedCredits: 5 }))).toMatchObject({ kind: 'validation' });
    const request = { company: { domain: `www.${target.domain}` }, mode: 'title' as const, title: 'Director', fetch: true, confirmedCredits: 1 };
    const found = await companies.findPeople(request);
    expect(found.maxCredits).toBe(PRICING.contactSearch.credits);
    expect(sent[0]?.body).toMatchObject({ pagination: { page: 0, size: 10 }, filters: { companies: { include: { domains: [target.domain] } }, contacts: { include: { jobTitles: ['Director'] } } } });
    const directors = sandbox.dataset.people.filter((p) => p.companyId === target.id && !p.restricted && p.title.toLowerCase().includes('director'));
    expect(found.total).toBe(directors.length);
    expect(found.people?.length).toBe(Math.min(10, directors.length));
    expect(found.people?.every((p) => /director/i.test(p.preview.title ?? ''))).toBe(true);
    expect(found.charged).toBe(sandbox.state().lusha.creditsUsed);
    expect(await ledgerTotal()).toBe(sandbox.state().lusha.creditsUsed);

    expect((await companies.findPeople({ ...request, fetch: false })).fromCache).toBe(true);
    expect(paths()).toEqual(['/v3/contacts/prospecting']);
  });
});

describe('rate limit', () => {
  it('company calls and the engine’s person lookups share one per-account limiter', async () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 300 });
    const { companies, lookup, sent } = await setup({ limiter });
    expect(lookup.limiter).toBe(limiter);
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset);
    if (!ana) throw new Error('no featured person');
    await Promise.all([
      companies.lookupCompany(company({ domain: sandbox.dataset.companies[1]!.domain })),
      lookup.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana) }),
    ]);
    expect(sent.map((entry) => entry.path).sort()).toEqual(['/v3/companies/search', '/v3/contacts/search']);
    const [first, second] = sent.map((entry) => entry.at).sort((a, b) => a - b);
    expect(second! - first!).toBeGreaterThanOrEqual(300);
  });
});

describe('with a scripted Lusha', () => {
  const signal = (id: string, type: string, date?: string): Signal => ({
    provider: 'lusha',
    entity: { type: 'company', id },
    type,
    category: type.endsWith('News') ? 'news' : 'headcount',
    ...(date ? { date } : {}),
    topics: [],
    raw: {},
  });

  /** Only what getSignals uses; each call answers the next scripted outcome. */
  function scripted(outcomes: (SignalsResult['results'][number] | SidecarError)[]) {
    const calls: string[][] = [];
    const client = {
      async getCompanySignals(ids: string[], types: string[]): Promise<LushaCallResult<SignalsResult>> {
        calls.push(types);
        const next = outcomes.shift();
        if (!next) throw new Error('unscripted call');
        if (next instanceof SidecarError) throw next;
        return { data: { results: [next] }, creditsCharged: next.status === 'found' ? next.signals.length : 0, rateLimits: {}, requestId: `r-${calls.length}` };
      },
    } as unknown as LushaV3Client;
    const spends: BookedSpend[] = [];
    const service = createCompanyService({ getClient: async () => client, bookSpend: async (spend) => void spends.push(spend) });
    return { service, calls, spends };
  }

  const request: SignalsRequest = { entity: { type: 'company', id: 'c-1' }, groups: ['headcount', 'news'], startDate: '2025-01-01', fetch: true, confirmedCredits: 29 };

  it('concatenates the calls and sorts newest first, undated last', async () => {
    const { service, calls, spends } = scripted([
      { id: 'c-1', status: 'found', signals: [signal('c-1', 'headcountIncrease3m', '2025-03-01'), signal('c-1', 'headcountDecrease1m')] },
      { id: 'c-1', status: 'found', signals: [signal('c-1', 'riskNews', '2025-05-02'), signal('c-1', 'peopleNews', '2025-01-15')] },
    ]);
    const view = await service.getSignals(request);
    expect(calls.map((types) => types.length)).toEqual([8, 7]);
    expect(view.signals?.map((s) => s.date ?? 'none')).toEqual(['2025-05-02', '2025-03-01', '2025-01-15', 'none']);
    expect(view.charged).toBe(4);
    expect(spends.map((spend) => [spend.action, spend.credits, spend.requestId])).toEqual([
      ['signals', 2, 'r-1'],
      ['signals', 2, 'r-2'],
    ]);
  });

  it('a restricted answer is an error in Sidecar’s words (Lusha’s text only in detail); not-found is no signals', async () => {
    const restricted = scripted([
      { id: 'c-1', status: 'not-found', message: 'no result for this id' },
      { id: 'c-1', status: 'restricted', message: 'Company data is restricted (vendor text)' },
    ]);
    const error = await failure(restricted.service.getSignals(request));
    expect(error).toMatchObject({ kind: 'gdpr-blocked', detail: 'Company data is restricted (vendor text)' });
    expect(error.message).not.toContain('vendor text');

    const none = scripted([
      { id: 'c-1', status: 'not-found', message: 'no result for this id' },
      { id: 'c-1', status: 'found', signals: [] },
    ]);
    expect(await none.service.getSignals(request)).toMatchObject({ signals: [], charged: 0, fromCache: false });
  });

  it('a plan without company signals (402) surfaces as the client’s error, and the next call still goes out', async () => {
    const planError = new SidecarError({ kind: 'out-of-credits', message: 'Your Lusha account has run out of credits.', status: 402 });
    const { service, calls } = scripted([planError, planError, { id: 'c-1', status: 'found', signals: [] }, { id: 'c-1', status: 'found', signals: [] }]);
    expect(await failure(service.getSignals(request))).toMatchObject({ kind: 'out-of-credits', status: 402 });
    await expect(service.getSignals(request)).resolves.toMatchObject({ signals: [] });
    expect(calls).toHaveLength(4);
  });
});
