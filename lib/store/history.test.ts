import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { closeDbForTests } from './db';
import type { Company } from '../domain/company';
import { eraseCompany, getCompanyLookup, putCompanyLookup } from './companies';
import { companyHistoryId, listHistory, recordCompanyView, recordView, removeFromHistory } from './history';

const person = (id: string, fullName: string, companyName: string): ContactPreview => ({
  provider: 'lusha',
  id,
  fullName,
  companyName,
  departments: [],
  has: [],
  canReveal: [],
});

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('history', () => {
  it('lists the most recent first, keeps reveals, searches accent-insensitively, and erases one', async () => {
    await recordView(person('1', 'José Yılmaz', 'Northwind'), 'k1', 1000);
    await recordView(person('2', 'Ana Ruiz', 'Copperleaf'), 'k2', 2000, true);
    await recordView(person('2', 'Ana Ruiz', 'Copperleaf'), 'k2', 3000);
    expect((await listHistory()).map((record) => [record.contactId, record.revealedAt])).toEqual([
      ['2', 2000],
      ['1', undefined],
    ]);
    expect((await listHistory('jose')).map((record) => record.contactId)).toEqual(['1']);
    expect((await listHistory('copper')).map((record) => record.contactId)).toEqual(['2']);
    await removeFromHistory('2');
    expect((await listHistory()).map((record) => record.contactId)).toEqual(['1']);
  });

  it('keeps companies beside people, searchable by name or domain, and erases a company with what is stored about it', async () => {
    const company = { provider: 'lusha', id: 'c-9', detail: 'preview', name: 'Riverstone Systems', domain: 'riverstone.example', industry: 'Software' } as Company;
    await recordView(person('1', 'Ana Ruiz', 'Riverstone Systems'), 'k1', 1000);
    await putCompanyLookup('domain:riverstone.example', { status: 'found', company }, 1500, 60_000);
    await recordCompanyView(company, 'domain:riverstone.example', 2000);
    await recordCompanyView(company, 'domain:riverstone.example', 2500, true);
    const listed = await listHistory();
    expect(listed.map((record) => [record.contactId, record.kind, record.revealedAt])).toEqual([
      [companyHistoryId('c-9'), 'company', 2500],
      ['1', 'contact', undefined],
    ]);
    expect((await listHistory('riverstone.example')).map((record) => record.contactId)).toEqual([companyHistoryId('c-9')]);
    await eraseCompany('c-9');
    expect((await listHistory()).map((record) => record.contactId)).toEqual(['1']);
    expect(await getCompanyLookup('domain:riverstone.example')).toBeUndefined();
  });
});
