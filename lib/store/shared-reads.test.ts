/** Reads asked while one is on its way share it; a change is seen by the next read. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readManagedPolicy } from './managed-policy';
import { getOwnApiKey, setApiKey } from './secrets';
import { closeDbForTests } from './db';
import { IDBFactory } from 'fake-indexeddb';

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('shared reads', () => {
  it('a thousand policy reads at once make one round trip, and a changed policy is read afresh', async () => {
    await fakeBrowser.storage.managed.set({ dailyCreditCap: 40 });
    const get = vi.spyOn(fakeBrowser.storage.managed, 'get');
    const reads = await Promise.all(Array.from({ length: 1000 }, () => readManagedPolicy()));
    expect(get).toHaveBeenCalledTimes(1);
    expect(reads.every((read) => read.policy.dailyCreditCap === 40)).toBe(true);
    await fakeBrowser.storage.managed.set({ dailyCreditCap: 10 });
    expect((await readManagedPolicy()).policy.dailyCreditCap).toBe(10);
  });

  it('a key saved while a read is on its way is what the next read returns', async () => {
    await setApiKey('lusha', 'first-key-0000');
    const before = getOwnApiKey('lusha');
    const saved = setApiKey('lusha', 'second-key-1111');
    expect((await before)?.key).toBeDefined();
    await saved;
    expect((await getOwnApiKey('lusha'))?.key).toBe('second-key-1111');
  });
});
