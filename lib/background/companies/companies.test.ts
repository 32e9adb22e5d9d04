/**
 * The companies service against the sandbox over real HTTP, through the engine: what is stored is served without a
 * request, every spend is priced and confirmed first, the daily cap holds, a 402 pauses Lusha, and the ledger books
 * exactly what the sandbox charged.
 */
import { describe, expect, it } from 'vitest';
import { PRICING, SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import { FEATURED, findPersonBySlug, linkedinUrlOf } from '../../../tests/sandbox/dataset';
import type { SandboxCompany } from '../../../tests/sandbox/dataset-types';
import { companyProfile, holdsExtra } from '../../../tests/sandbox/lusha-company-data';
import type { Sandbox } from '../../../tests/sandbox/server';
import type { CompanyEntity } from '../../domain/page-context';
import { eraseAllData } from '../../store/contacts';
import { ledgerTotal, listSpends } from '../../store/ledger';
import { saveSettings } from '../../store/settings';
import { sameLinkedInCompany } from './identity';
import { failure, lushaRequests, recordingFetch, sandboxDeps, startBackground, withSandbox } from '../test-helpers';

let sandbox: Sandbox;

withSandbox((started) => {
  sandbox = started;
});

/** A background on one sandbox key, saved as the options page saves it (the account's pricing read, the baseline set). */
async function setup(options: { key?: string; lushaRateLimit?: { limit: number; windowMs: number } } = {}) {
  const recorder = recordingFetch();
  const background = startBackground(sandboxDeps(sandbox, { fetch: recorder.fetch, lushaRateLimit: options.lushaRateLimit }));
  await background.keys.saveLushaKey(options.key ?? SANDBOX_KEYS.valid);
  recorder.sent.length = 0;
  return { background, companies: background.companies, sent: recorder.sent, paths: recorder.paths };
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

const creditsUsed = () => sandbox.state().lusha.creditsUsed;

describe('lookupCompany', () => {
  it('searches once by bare domain, then serves the store with no request', async () => {
    const { companies, paths, sent } = await setup();
    const target = sandbox.dataset.companies[3]!;
    const first = await companies.lookupCompany(company({ domain: `https://www.${target.domain}/about`, name: 'ignored when a domain is known' }));
    expect(first).toMatchObject({
      key: `domain:${target.domain}`,
      fromCache: false,
      charged: 0,
      profileCredits: PRICING.revealCompany.credits,
      result: { status: 'found', company: { id: target.id, detail: 'preview', name: target.name } },
    });
    expect(first.enriched).toBeUndefined();
    expect(sent[0]?.body).toMatchObject({ companies: [{ domain: target.domain }] });

    const again = await companies.lookupCompany(company({ domain: target.domain.toUpperCase() }));
    expect(again).toMatchObject({ key: first.key, fromCache: true, result: first.result });
    expect(paths()).toEqual(['/v3/companies/search']);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
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

  it('takes a company found by name for a LinkedIn page only if Lusha names that LinkedIn page (or none, or a numeric id)', async () => {
    const { companies } = await setup();
    const target = sandbox.dataset.companies[8]!;
    // The page of another company that bears this company's name: Lusha's match is not it, and the panel hears why.
    const other = await companies.lookupCompany(company({ linkedinUrl: 'https://www.linkedin.com/company/someone-else-entirely', name: target.name }));
    expect(other.result).toMatchObject({ status: 'not-found', message: expect.stringContaining('another LinkedIn page') });
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    // Sales Navigator's numeric page ids cannot be told apart from a vanity name: the match stands.
    const numeric = await companies.lookupCompany(company({ linkedinUrl: 'https://www.linkedin.com/company/5550123', name: target.name }));
    expect(numeric.result).toMatchObject({ status: 'found', company: { id: target.id } });
  });

  it('checks the LinkedIn page by its handle, whatever form the URL takes', () => {
    expect(sameLinkedInCompany('https://uk.linkedin.com/company/Acme-Analytics/about/', 'https://www.linkedin.com/company/acme-analytics')).toBe(true);
    expect(sameLinkedInCompany('https://www.linkedin.com/company/acme-analytics', 'https://www.linkedin.com/company/acme-health')).toBe(false);
    expect(sameLinkedInCompany('https://www.linkedin.com/company/acme-analytics', undefined)).toBe(true);
    expect(sameLinkedInCompany('https://www.linkedin.com/sales/company/1200456', 'https://www.linkedin.com/company/acme')).toBe(true);
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

  it('with automatic lookups off, asks first with the price; searches count against the cap', async () => {
    const { companies, paths } = await setup();
    const target = sandbox.dataset.companies[7]!;
    await saveSettings({ autoLookup: false });
    expect(await failure(companies.lookupCompany(company({ domain: target.domain })))).toMatchObject({
      kind: 'needs-confirmation',
      reason: 'auto-lookup-off',
      credits: PRICING.companySearch.credits,
    });
    await saveSettings({ autoLookup: true, dailyCreditCap: 0 });
    expect(await failure(companies.lookupCompany(company({ domain: target.domain })))).toMatchObject({ kind: 'budget-exceeded' });
    expect(await failure(companies.lookupCompany(company({ domain: target.domain }), { origin: 'click', confirmedCredits: 1 }))).toMatchObject({ kind: 'budget-exceeded' });
    expect(paths()).toEqual([]);
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
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
    expect(creditsUsed()).toBe(3);
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
    expect(creditsUsed()).toBe(0);

    // Under the user's "ask me above" threshold, no confirmation is needed.
    await saveSettings({ dailyCreditCap: 100, autoConfirmUnder: 5 });
    const view = await companies.revealCompany(target.id, []);
    expect(view.enriched).toMatchObject({ id: target.id, detail: 'enriched' });
    expect(await ledgerTotal('lusha')).toBe(PRICING.revealCompany.credits);
    expect(await ledgerTotal('lusha')).toBe(creditsUsed());
  });

  it('needs a lookup first, and says so in Sidecar’s words', async () => {
    const { companies, paths } = await setup();
    expect(await failure(companies.revealCompany('123', [], 5))).toMatchObject({ kind: 'validation', message: expect.stringContaining('Look this company up again') });
    expect(paths()).toEqual([]);
  });

  it('an account out of credits fails the reveal and pauses Lusha: later lookups wait for the user, then go', async () => {
    const { background, companies, paths } = await setup({ key: SANDBOX_KEYS.lowCredits });
    const target = revealTarget();
    await companies.lookupCompany(company({ domain: target.domain }));
    const error = await failure(companies.revealCompany(target.id, ['competitors', 'employeesByDepartment'], 3));
    expect(error.kind).toBe('out-of-credits');
    expect(error.message).not.toMatch(/insufficient/i);
    // Lusha waits for the user: nothing more is sent meanwhile.
    const other = { domain: sandbox.dataset.companies[9]!.domain };
    expect(await failure(companies.lookupCompany(company(other)))).toMatchObject({ kind: 'out-of-credits' });
    expect(paths()).toEqual(['/v3/companies/search', '/v3/companies/enrich']);
    // The account still has 2 credits: resuming is allowed, and the lookup goes.
    await background.keys.resumeProvider('lusha');
    const looked = await companies.lookupCompany(company(other));
    expect(looked.fromCache).toBe(false);
    expect(paths()).toEqual(['/v3/companies/search', '/v3/companies/enrich', '/v3/account/usage', '/v3/companies/search']);
    expect(await listSpends()).toEqual([]);
    expect(sandbox.state().lusha.accounts.lowCredits.creditsUsed).toBe(0);
  });
});

describe('rate limit', () => {
  it('company calls and person lookups share one lane under the account’s limit', async () => {
    const { background, sent } = await setup({ lushaRateLimit: { limit: 1, windowMs: 300 } });
    const ana = findPersonBySlug(FEATURED.withEmailAndPhone, sandbox.dataset);
    if (!ana) throw new Error('no featured person');
    // saveLushaKey's usage read is free and in a lane of its own; the data lane starts empty.
    await Promise.all([
      background.companies.lookupCompany(company({ domain: sandbox.dataset.companies[1]!.domain })),
      background.contacts.lookupContact({ kind: 'linkedin-profile', linkedinUrl: linkedinUrlOf(ana) }),
    ]);
    expect(sent.map((entry) => entry.path).sort()).toEqual(['/v3/companies/search', '/v3/contacts/search']);
    const [first, second] = sent.map((entry) => entry.at).sort((a, b) => a - b);
    expect(second! - first!).toBeGreaterThanOrEqual(295); // a few ms of the first one's own way to the socket
    expect(lushaRequests(sandbox, '/v3/companies/search')).toHaveLength(1);
  });
});
