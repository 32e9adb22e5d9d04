import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { closeDbForTests } from './db';
import { listHistory, recordView, removeFromHistory } from './history';

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
});
