import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Company, CompanyLookupResult } from '../domain/company';
import { getCompanyLookup, getCompanyLookupsById, getCompanyPeople, mergeEnrichedCompany, putCompanyLookup, putCompanyPeople } from './companies';
import { closeDbForTests } from './db';

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

const preview = (canReveal: Company['canReveal']): CompanyLookupResult => ({
  status: 'found',
  company: {
    provider: 'lusha',
    id: 'c-1',
    detail: 'preview',
    name: 'Northwind',
    domain: 'northwind.example',
    alternativeDomains: [],
    additionalIndustries: [],
    industryTags: [],
    specialities: [],
    keywords: [],
    technologies: [],
    businessModel: [],
    sicCodes: [],
    naicsCodes: [],
    additionalLocations: [],
    phones: [],
    emails: [],
    has: ['competitors', 'intent'],
    canReveal,
    signalTypes: [],
  },
});

const enriched = (extras: Partial<Company>): Company => {
  const found = preview([]);
  if (found.status !== 'found') throw new Error('unreachable');
  return { ...found.company, detail: 'enriched', description: 'Ships things.', ...extras };
};

describe('companies store', () => {
  it('keeps what was paid for across lookups of the same company and past the preview’s expiry', async () => {
    const offer = [
      { field: 'competitors', credits: 1 },
      { field: 'intent', credits: 1 },
    ];
    await putCompanyLookup('domain:northwind.example', preview(offer), 1000, 500);
    await putCompanyLookup('company-name:northwind', preview(offer), 1100, 500);
    await mergeEnrichedCompany('c-1', enriched({ competitors: [{ name: 'Contoso' }] }));
    // A later enrich that asked only for intent leaves competitors out: they stay.
    const merged = await mergeEnrichedCompany('c-1', enriched({ intent: { topics: [{ name: 'CRM' }] }, competitors: undefined }));
    expect(merged).toMatchObject({ competitors: [{ name: 'Contoso' }], intent: { topics: [{ name: 'CRM' }] } });

    for (const record of await getCompanyLookupsById('c-1')) {
      expect(record.enriched).toEqual(merged);
      expect(record.result.status === 'found' && record.result.company.canReveal).toEqual([
        { field: 'competitors', credits: 0 },
        { field: 'intent', credits: 0 },
      ]);
    }

    // The preview expired and was looked up again: the paid profile is still there.
    const refreshed = await putCompanyLookup('domain:northwind.example', preview(offer), 5000, 500);
    expect(refreshed.enriched).toEqual(merged);
    expect(refreshed.companyId).toBe('c-1');
  });

  it('keeps people found at a company until they expire, apart from company lookups', async () => {
    await putCompanyPeople('people:domain:northwind.example:decision-makers:', [], 0, 1000, 500);
    expect(await getCompanyPeople('people:domain:northwind.example:decision-makers:', 1499)).toMatchObject({ people: [], total: 0 });
    expect(await getCompanyPeople('people:domain:northwind.example:decision-makers:', 1500)).toBeUndefined();
    expect(await getCompanyLookup('people:domain:northwind.example:decision-makers:')).toBeUndefined();
  });
});
