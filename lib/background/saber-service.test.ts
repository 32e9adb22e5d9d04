import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SidecarError } from '../domain/errors';
import type { SaberClient } from '../providers/saber';
import { closeDbForTests } from '../store/db';
import { getApiKey } from '../store/secrets';
import { createSaberService } from './saber-service';

const KEY = 'sk_test_0123456789abcdef';

function fakeClient(fail?: SidecarError) {
  const getCredits = vi.fn(async () => {
    if (fail) throw fail;
    return { data: { provider: 'saber' as const, remainingCredits: 42, fetchedAt: Date.now() }, status: 200, rateLimit: {} };
  });
  return { getCredits } as unknown as SaberClient & { getCredits: typeof getCredits };
}

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('Saber keys', () => {
  it('refuses a key of the wrong shape without asking Saber', async () => {
    const client = fakeClient();
    const service = createSaberService({ createClient: () => client });
    await expect(service.saveKey('not-a-key')).rejects.toMatchObject({ kind: 'bad-key' });
    expect(client.getCredits).not.toHaveBeenCalled();
  });

  it('stores a key only when Saber accepts it, and reports the credits', async () => {
    const refused = createSaberService({ createClient: () => fakeClient(new SidecarError({ kind: 'bad-key', message: 'no', status: 401 })) });
    await expect(refused.saveKey(KEY)).rejects.toMatchObject({ kind: 'bad-key' });
    expect(await getApiKey('saber')).toBeUndefined();

    const service = createSaberService({ createClient: () => fakeClient() });
    await expect(service.saveKey(` ${KEY} `)).resolves.toMatchObject({ key: { configured: true, hint: 'cdef' }, saberCredits: 42 });
    expect((await getApiKey('saber'))?.key).toBe(KEY);
    await expect(service.credits(false)).resolves.toMatchObject({ remaining: 42 });
  });
});
