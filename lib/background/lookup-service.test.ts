import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { SidecarError } from '../domain/errors';
import type { LushaClient } from '../providers/lusha';
import { closeDbForTests } from '../store/db';
import { listSpends } from '../store/ledger';
import { setApiKey } from '../store/secrets';
import { createLookupService } from './lookup-service';
import { saveSettings } from './state';

const PREVIEW: ContactPreview = {
  provider: 'lusha',
  id: 'p-1',
  fullName: 'Ana Ruiz',
  firstName: 'Ana',
  lastName: 'Ruiz',
  title: 'VP Sales',
  departments: ['Sales'],
  has: ['emails', 'phones'],
  canReveal: [
    { field: 'emails', credits: 1 },
    { field: 'phones', credits: 5 },
  ],
};
const LOOKUP = { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz' } as const;
const RATE = { rateLimits: {} };

function fakeClient(): LushaClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    searchContacts: vi.fn(async (items) => {
      calls.push('search');
      return { ...RATE, creditsCharged: 0, data: [{ clientReferenceId: items[0]!.clientReferenceId, status: 'found' as const, preview: PREVIEW }] };
    }),
    enrichContacts: vi.fn(async (ids, reveal) => {
      calls.push(`enrich:${reveal.join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        ...RATE,
        creditsCharged: reveal.includes('phones') ? 5 : 1,
        data: [
          {
            id: ids[0]!,
            status: 'revealed' as const,
            revealed: {
              provider: 'lusha' as const,
              id: ids[0]!,
              emails: reveal.includes('emails') ? [{ email: 'ana.ruiz@northwind.example', type: 'work' }] : undefined,
              phones: reveal.includes('phones') ? [{ number: '+1 415 555 0100', doNotCall: false }] : undefined,
              revealedAt: {},
            },
          },
        ],
      };
    }),
    getAccountUsage: vi.fn(async () => {
      calls.push('usage');
      return {
        ...RATE,
        creditsCharged: 0,
        data: { provider: 'lusha' as const, credits: { total: 100, used: 10, remaining: 90 }, plan: 'professional', rateLimits: {}, pricing: {}, fetchedAt: Date.now() },
      };
    }),
  };
}

async function setup() {
  const client = fakeClient();
  const service = createLookupService({ createClient: () => client });
  await setApiKey('lusha', '11111111-1111-4111-8111-111111111111');
  return { client, service };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('lookupContact', () => {
  it('asks for a key before anything else', async () => {
    const service = createLookupService({ createClient: () => fakeClient() });
    await expect(service.lookupContact(LOOKUP)).rejects.toMatchObject({ kind: 'missing-key' });
  });

  it('searches once, then serves the preview from the store without a request', async () => {
    const { client, service } = await setup();
    const first = await service.lookupContact(LOOKUP);
    // At once (the answer is still being stored): shared, no new request.
    const second = await service.lookupContact(LOOKUP);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const third = await service.lookupContact(LOOKUP);
    expect(first).toMatchObject({ fromCache: false, result: { status: 'found', preview: { id: 'p-1' } } });
    expect(second.result).toEqual(first.result);
    expect(third.fromCache).toBe(true);
    expect(client.calls).toEqual(['search']);
  });

  it('shares one search between simultaneous callers', async () => {
    const { client, service } = await setup();
    await Promise.all([service.lookupContact(LOOKUP), service.lookupContact(LOOKUP), service.lookupContact(LOOKUP)]);
    expect(client.calls).toEqual(['search']);
  });
});

describe('revealContact', () => {
  it('asks for confirmation with the exact cost before spending', async () => {
    const { client, service } = await setup();
    await service.lookupContact(LOOKUP);
    const error = await service.revealContact('p-1', 'phones').catch((caught: unknown) => caught);
    expect(SidecarError.is(error) && error.data).toMatchObject({ kind: 'needs-confirmation', credits: 5 });
    expect(client.calls).toEqual(['search']);
  });

  it('reveals once, books the spend, and serves the paid datum again for free', async () => {
    const { client, service } = await setup();
    await service.lookupContact(LOOKUP);
    const revealed = await service.revealContact('p-1', 'emails', 1);
    expect(revealed.emails?.[0]?.email).toBe('ana.ruiz@northwind.example');
    const again = await service.revealContact('p-1', 'emails');
    expect(again.emails?.[0]?.email).toBe('ana.ruiz@northwind.example');
    expect(client.calls).toEqual(['search', 'enrich:emails']);
    expect((await listSpends()).map((entry) => [entry.action, entry.field, entry.credits])).toEqual([['reveal', 'emails', 1]]);
    // The cached preview now shows the email at 0 credits, and the view carries the revealed data.
    const view = await service.lookupContact(LOOKUP);
    expect(view.result.status === 'found' && view.result.preview.canReveal.find((entry) => entry.field === 'emails')?.credits).toBe(0);
    expect(view.revealed?.emails?.[0]?.email).toBe('ana.ruiz@northwind.example');
  });

  it('makes one enrich call for two simultaneous reveals of the same datum', async () => {
    const { client, service } = await setup();
    await service.lookupContact(LOOKUP);
    const [a, b] = await Promise.all([service.revealContact('p-1', 'emails', 1), service.revealContact('p-1', 'emails', 1)]);
    expect(a).toEqual(b);
    expect(client.calls.filter((call) => call.startsWith('enrich'))).toHaveLength(1);
    expect(await listSpends()).toHaveLength(1);
  });

  it('does not ask below the user’s threshold', async () => {
    const { service } = await setup();
    await saveSettings({ autoConfirmUnder: 2 });
    await service.lookupContact(LOOKUP);
    await expect(service.revealContact('p-1', 'emails')).resolves.toMatchObject({ id: 'p-1' });
    await expect(service.revealContact('p-1', 'phones')).rejects.toMatchObject({ kind: 'needs-confirmation', data: { credits: 5 } });
  });

  it('refuses a spend that would pass the daily cap, even when confirmed', async () => {
    const { client, service } = await setup();
    await saveSettings({ dailyCreditCap: 3 });
    await service.lookupContact(LOOKUP);
    await expect(service.revealContact('p-1', 'phones', 5)).rejects.toMatchObject({ kind: 'budget-exceeded' });
    expect(client.calls).toEqual(['search']);
  });

  it('keeps the running credit estimate in step with spends', async () => {
    const { service } = await setup();
    await service.getCredits(true);
    await service.lookupContact(LOOKUP);
    await service.revealContact('p-1', 'emails', 1);
    const credits = await service.getCredits(false);
    expect(credits.lusha.usage?.credits).toEqual({ total: 100, used: 11, remaining: 89 });
    expect(credits.spentToday).toBe(1);
  });
});

describe('GDPR-blocked contacts', () => {
  it('are marked for good after a 451: the preview turns restricted and no further request is made', async () => {
    const { client, service } = await setup();
    vi.mocked(client.enrichContacts).mockRejectedValueOnce(new SidecarError({ kind: 'gdpr-blocked', message: 'blocked', status: 451 }));
    await service.lookupContact(LOOKUP);
    await expect(service.revealContact('p-1', 'emails', 1)).rejects.toMatchObject({ kind: 'gdpr-blocked' });
    expect((await service.lookupContact(LOOKUP)).result.status).toBe('restricted');
    await expect(service.revealContact('p-1', 'emails', 1)).rejects.toMatchObject({ kind: 'gdpr-blocked' });
    expect(client.calls).toEqual(['search']);
    expect(client.enrichContacts).toHaveBeenCalledTimes(1);
    expect(await listSpends()).toEqual([]);
  });
});

describe('reconciliation with Lusha’s own count', () => {
  it('compares Lusha’s credits used since the key was saved with the ledger over the same time', async () => {
    let clock = 1_700_000_000_000;
    let used = 10;
    const client = fakeClient();
    vi.mocked(client.getAccountUsage).mockImplementation(async () => ({
      rateLimits: {},
      creditsCharged: 0,
      data: { provider: 'lusha' as const, credits: { total: 100, used, remaining: 100 - used }, rateLimits: {}, pricing: {}, fetchedAt: clock },
    }));
    const service = createLookupService({ createClient: () => client, now: () => clock });
    await service.saveLushaKey('11111111-1111-4111-8111-111111111111');
    await service.lookupContact(LOOKUP);
    await service.revealContact('p-1', 'emails', 1);
    used = 11 + 3; // our reveal, and 3 credits spent elsewhere on the shared account
    clock += 20_000;
    const view = await service.getCredits(true);
    expect(view.lusha.reconciliation).toMatchObject({ providerUsed: 4, sidecarSpent: 1 });
  });
});

describe('saveLushaKey', () => {
  it('stores a key only after the provider accepts it', async () => {
    const client = fakeClient();
    vi.mocked(client.getAccountUsage).mockRejectedValueOnce(new SidecarError({ kind: 'bad-key', message: 'no' }));
    const service = createLookupService({ createClient: () => client });
    await expect(service.saveLushaKey('bad')).rejects.toMatchObject({ kind: 'bad-key' });
    await expect(service.lookupContact(LOOKUP)).rejects.toMatchObject({ kind: 'missing-key' });
    await expect(service.saveLushaKey(' 11111111-1111-4111-8111-111111111111 ')).resolves.toMatchObject({ key: { configured: true, hint: '1111' } });
  });
});
