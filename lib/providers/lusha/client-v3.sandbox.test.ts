/**
 * The client's newer endpoints against the local sandbox over real HTTP: every answer maps to Sidecar's domain
 * types (checked with their zod schemas), per-item errors stay per item, and billing comes back as the sandbox
 * charged it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../../tests/sandbox/accounts';
import type { SandboxCompany } from '../../../tests/sandbox/dataset-types';
import { companyProfile } from '../../../tests/sandbox/lusha-company-data';
import { personaRoles } from '../../../tests/sandbox/lusha-prospecting';
import { companySignalsOf } from '../../../tests/sandbox/lusha-signal-data';
import { startSandbox, type Sandbox } from '../../../tests/sandbox/server';
import { companySchema } from '../../domain/company';
import { contactPreviewSchema } from '../../domain/contact';
import { accountUsageSchema } from '../../domain/credits';
import { signalSchema } from '../../domain/signal';
import { createLushaClient, type LushaV3Client } from './index';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

const lusha = (key: string = SANDBOX_KEYS.valid): LushaV3Client => createLushaClient({ apiKey: key, baseUrl: sandbox.url, timeoutMs: 5000 });

function companyWhere(test: (c: SandboxCompany) => boolean): SandboxCompany {
  const found = sandbox.dataset.companies.find(test);
  if (!found) throw new Error('no such company');
  return found;
}

describe('companies', () => {
  it('search → enrich with extras → search again shows them paid for', async () => {
    const client = lusha();
    const target = companyWhere((c) => companyProfile(c, sandbox.dataset).estimatedAnnualItSpend === null);
    const found = await client.searchCompanies([
      { clientReferenceId: 'page', domain: `https://www.${target.domain}/` },
      { clientReferenceId: 'ghost', name: 'Nobody Corp' },
    ]);
    const [hit, miss] = found.data;
    expect(miss).toEqual({ clientReferenceId: 'ghost', status: 'not-found', message: 'Company not found' });
    if (hit?.status !== 'found') throw new Error(`expected found, got ${hit?.status}`);
    const preview = companySchema.parse(hit.company);
    expect(preview).toMatchObject({ id: target.id, detail: 'preview', name: target.name, domain: target.domain, industry: target.industry });
    expect(preview.canReveal.map((c) => c.field)).not.toContain('estimatedAnnualItSpend');

    const enriched = await client.enrichCompanies([target.id], ['estimatedAnnualItSpend', 'employeesByDepartment', 'competitors']);
    expect(enriched.creditsCharged).toBe(3); // company + 2 held extras; the missing IT spend is free
    const [outcome] = enriched.data;
    if (outcome?.status !== 'enriched') throw new Error('expected enriched');
    const company = companySchema.parse(outcome.company);
    const profile = companyProfile(target, sandbox.dataset);
    expect(company).toMatchObject({
      detail: 'enriched',
      description: profile.description,
      yearFounded: profile.yearFounded,
      estimatedAnnualItSpend: null,
      competitors: profile.competitors,
      employeesByDepartment: profile.employeesByDepartment.map((d) => ({ label: d.department, count: d.count })),
      phones: [profile.phone],
      emails: [profile.email],
    });
    expect(company).not.toHaveProperty('intent');

    const again = await client.searchCompanies([{ clientReferenceId: 'again', id: target.id }]);
    const canReveal = again.data[0]?.status === 'found' ? again.data[0].company.canReveal : [];
    expect(canReveal).toContainEqual({ field: 'competitors', credits: 0 });
    expect(sandbox.state().lusha.creditsUsed).toBe(3);
  });

  it('a signal filter on search names the matching types', async () => {
    const target = companyWhere((c) => companySignalsOf(c, sandbox.dataset).some((s) => s.type === 'surgeInHiring'));
    const result = await lusha().searchCompanies([{ clientReferenceId: 's', id: target.id }], { signals: { types: ['surgeInHiring'], startDate: '2020-01-01' } });
    expect(result.data[0]).toMatchObject({ status: 'found', company: { signalTypes: ['surgeInHiring'] } });
  });
});

describe('contacts', () => {
  it('contact signals: job changes with previous → current, unknown ids per item', async () => {
    const mover = sandbox.dataset.people.find((p) => p.id.endsWith('7') && !p.restricted);
    if (!mover) throw new Error('no mover');
    const result = await lusha().getContactSignals([mover.id, '42'], ['companyChange'], { startDate: '2000-01-01' });
    const [found, unknown] = result.data.results;
    if (found?.status !== 'found') throw new Error('expected found');
    const [signal] = found.signals;
    expect(signalSchema.parse(signal)).toMatchObject({ entity: { type: 'contact', id: mover.id }, category: 'job-change', current: { title: mover.title } });
    expect(signal?.previous?.company).toBeTruthy();
    expect(signal?.current?.company).not.toBe(signal?.previous?.company);
    expect(unknown).toEqual({ id: '42', status: 'not-found', message: 'Contact not found' });
    expect(result.data.startDate).toBe('2000-01-01');
    expect(result.creditsCharged).toBe(1);
  });

  it('a signal filter on contact search names the matching types', async () => {
    const promoted = sandbox.dataset.people.find((p) => p.id.endsWith('3') && !p.restricted && (p.emails.length > 0 || p.phones.length > 0));
    const result = await lusha().searchContacts([{ clientReferenceId: 'p', id: promoted?.id ?? '' }], { signals: { types: ['promotion'] } });
    expect(result.data[0]).toMatchObject({ status: 'found', preview: { signalTypes: ['promotion'] } });
  });
});

describe('company signals', () => {
  it('maps every company signal the sandbox serves; unknown ids come back not-found', async () => {
    const ids = sandbox.dataset.companies.slice(0, 10).map((c) => c.id);
    const result = await lusha().getCompanySignals([...ids, '404'], ['allSignals'], { startDate: '2000-01-01' });
    const outcomes = result.data.results;
    expect(outcomes.map((o) => o.id)).toEqual([...ids, '404']);
    expect(outcomes.at(-1)).toEqual({ id: '404', status: 'not-found', message: 'no result for this id' });
    const signals = outcomes.flatMap((o) => (o.status === 'found' ? o.signals : []));
    for (const signal of signals) signalSchema.parse(signal);
    expect(new Set(signals.map((s) => s.category))).toEqual(new Set(['headcount', 'hiring', 'website-traffic', 'it-spend', 'news', 'intent']));
    expect(result.creditsCharged).toBe(signals.length);
    const headcount = signals.find((s) => s.category === 'headcount');
    expect(headcount).toMatchObject({ value: expect.any(Number), previousValue: expect.any(Number), deltaPercent: expect.any(Number), period: expect.stringMatching(/^\d+m$/) });
    const news = signals.find((s) => s.category === 'news');
    expect(news).toMatchObject({ title: expect.any(String), url: expect.stringMatching(/^https:\/\/news\.example\//), subtype: expect.any(String) });
  });
});

describe('people at a company', () => {
  it('prospecting by domain with seniority, department and title filters, page by page', async () => {
    const company = sandbox.dataset.companies[0];
    const staff = sandbox.dataset.people.filter((p) => p.companyId === company?.id && !p.restricted);
    const client = lusha();
    const first = await client.prospectContacts({ companyDomains: [company?.domain ?? ''] }, { page: 0, size: 10 });
    expect(first.data).toMatchObject({ page: 0, size: 10, total: staff.length });
    const second = await client.prospectContacts({ companyDomains: [company?.domain ?? ''] }, { page: 1, size: 10 });
    const ids = [...first.data.results, ...second.data.results].map((r) => (r.status === 'found' ? r.preview.id : ''));
    expect(ids.sort()).toEqual(staff.map((p) => p.id).sort());
    for (const r of first.data.results) if (r.status === 'found') contactPreviewSchema.parse(r.preview);

    const directors = await client.prospectContacts({ companyDomains: [company?.domain ?? ''], seniorityIds: [6], jobTitles: ['Director'] });
    expect(directors.data.results.every((r) => r.status === 'found' && r.preview.seniority === 'Director')).toBe(true);
    const dept = staff[0]?.departments[0] ?? 'Sales';
    const byDept = await client.prospectContacts({ companyIds: [company?.id ?? ''], departments: [dept], excludeContactIds: [staff[0]?.id ?? ''] });
    expect(byDept.data.total).toBe(staff.filter((p) => p.departments.includes(dept)).length - 1);
  });

  it('buying group by domain: members with roles by seniority and a score, not-found per company', async () => {
    const company = sandbox.dataset.companies[2];
    const staff = sandbox.dataset.people.filter((p) => p.companyId === company?.id && !p.restricted);
    const result = await lusha().getBuyingGroup(
      [
        { clientReferenceId: 'c', domain: company?.domain ?? '' },
        { clientReferenceId: 'x', id: '404' },
      ],
      { personas: ['decision_maker'] },
    );
    const [group, missing] = result.data.results;
    expect(missing).toEqual({ clientReferenceId: 'x', status: 'not-found', message: 'Company not found' });
    if (group?.status !== 'found') throw new Error('expected found');
    expect(group.companyId).toBe(company?.id);
    const deciders = staff.filter((p) => personaRoles(p).includes('decision_maker'));
    expect(group.members).toHaveLength(deciders.length);
    for (const member of group.members) {
      if (member.status !== 'found') throw new Error('expected found members');
      contactPreviewSchema.parse(member.preview);
      expect(member.roles).toContain('decision_maker');
      expect(member.score).toBeGreaterThan(0);
    }
    expect(result.creditsCharged).toBe(deciders.length);
    expect(result.data.total).toBe(deciders.length);
  });
});

describe('account usage', () => {
  it('maps the full pricing table, the plan block and all three windows', async () => {
    const usage = accountUsageSchema.parse((await lusha().getAccountUsage()).data);
    expect(Object.keys(usage.pricing).sort()).toEqual(
      ['buyingGroupContact', 'companySearch', 'contactSearch', 'revealCompany', 'revealCompanyField', 'revealEmail', 'revealPhone', 'showSignalsCompany', 'showSignalsContact'].sort(),
    );
    expect(usage.pricing.contactSearch).toEqual({ credits: 1, perQuantity: 25 });
    expect(usage.planDetails).toEqual({ category: 'professional', renewalType: 'annual', startDate: '2026-01-01T00:00:00.000Z', endDate: '2027-01-01T00:00:00.000Z' });
    expect(Object.keys(usage.rateLimits).sort()).toEqual(['daily', 'hourly', 'minute']);
    expect(usage.rateLimits.daily?.resetsAt).toMatch(/T00:00:00\.000Z$/);
  });
});
