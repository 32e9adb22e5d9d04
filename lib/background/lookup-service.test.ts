import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { SidecarError } from '../domain/errors';
import type { LushaClient } from '../providers/lusha';
import { markPreviewsBlocked, mergeRevealed, putPreviews } from '../store/contacts';
import { closeDbForTests } from '../store/db';
import { listSpends, spentToday } from '../store/ledger';
import { setApiKey } from '../store/secrets';
import { BULK_CHUNK, createLookupService } from './lookup-service';
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

describe('bulk reveals', () => {
  const person = (n: number): ContactPreview => ({ ...PREVIEW, id: `b-${n}`, fullName: `Person ${n}` });
  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `b-${from + index}`);

  /** A Lusha that reveals everyone asked for, 1 credit each; `hold()` keeps its answers until `release()`. */
  function bulkClient() {
    const calls: string[][] = [];
    let gate: Promise<void> | undefined;
    let open: (() => void) | undefined;
    const client = {
      calls,
      hold() {
        gate = new Promise((resolve) => (open = resolve));
      },
      release() {
        open?.();
        gate = undefined;
      },
      searchContacts: vi.fn(),
      getAccountUsage: vi.fn(),
      enrichContacts: vi.fn<LushaClient['enrichContacts']>(async (contactIds, reveal) => {
        calls.push([...contactIds]);
        await gate;
        return {
          ...RATE,
          creditsCharged: contactIds.length,
          data: contactIds.map((id) => ({
            id,
            status: 'revealed' as const,
            revealed: { provider: 'lusha' as const, id, emails: reveal.includes('emails') ? [{ email: `${id}@northwind.example`, type: 'work' }] : undefined, revealedAt: {} },
          })),
        };
      }),
    };
    return client;
  }

  async function bulkSetup(people = 25) {
    const client = bulkClient();
    const onChange = vi.fn();
    const service = createLookupService({ createClient: () => client as unknown as LushaClient, onChange });
    await setApiKey('lusha', '11111111-1111-4111-8111-111111111111');
    await putPreviews(
      Array.from({ length: people }, (_, index) => ({ key: `person:${index + 1}`, result: { status: 'found' as const, preview: person(index + 1) } })),
    );
    return { client, service, onChange };
  }

  async function finished(service: ReturnType<typeof createLookupService>, jobId: string) {
    return vi.waitFor(
      async () => {
        const job = await service.getBulkJob(jobId);
        if (job.state === 'running') throw new Error('still running');
        return job;
      },
      { timeout: 5000, interval: 5 },
    );
  }

  const statuses = (job: { items: { status: string }[] }) =>
    job.items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [item.status]: (counts[item.status] ?? 0) + 1 }), {});

  it('asks once for the total, before anything is sent, and keeps to the daily cap', async () => {
    const { client, service } = await bulkSetup(12);
    await mergeRevealed({ provider: 'lusha', id: 'b-12', emails: [{ email: 'b-12@northwind.example', type: 'work' }], revealedAt: { emails: 1 } });
    const unconfirmed = await service.startBulkReveal([...ids(1, 12), 'b-1'], 'emails', 0).catch((error: unknown) => error);
    // 11 to reveal at 1 credit: the one already paid for costs nothing.
    expect(SidecarError.is(unconfirmed) && unconfirmed.data).toMatchObject({ kind: 'needs-confirmation', credits: 11 });
    expect(SidecarError.is(unconfirmed) && unconfirmed.message).toBe('Revealing 11 emails costs 11 credits.');
    await expect(service.startBulkReveal(ids(1, 12), 'emails', 10)).rejects.toMatchObject({ kind: 'needs-confirmation' });
    await saveSettings({ dailyCreditCap: 10 });
    await expect(service.startBulkReveal(ids(1, 12), 'emails', 11)).rejects.toMatchObject({ kind: 'budget-exceeded' });
    expect(client.enrichContacts).not.toHaveBeenCalled();
  });

  it('sends ten at a time, one enrich call per chunk, and counts progress as each chunk settles', async () => {
    const { client, service, onChange } = await bulkSetup(25);
    await mergeRevealed({ provider: 'lusha', id: 'b-26', emails: [{ email: 'b-26@northwind.example', type: 'work' }], revealedAt: { emails: 1 } });
    client.hold();
    const { jobId } = await service.startBulkReveal([...ids(1, 26), ...ids(1, 5)], 'emails', 25);
    // Returned at once: the already-revealed one is done, nobody else yet.
    expect(await service.getBulkJob(jobId)).toMatchObject({ field: 'emails', total: 26, done: 1, credits: 0, state: 'running' });
    await vi.waitFor(() => expect(client.calls).toHaveLength(1));
    expect(client.calls[0]).toEqual(ids(1, BULK_CHUNK));
    // The next chunk waits for this one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toHaveLength(1);
    client.release();
    await vi.waitFor(async () => expect((await service.getBulkJob(jobId)).done).toBeGreaterThanOrEqual(11));

    const job = await finished(service, jobId);
    expect(client.calls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(client.calls.flat()).not.toContain('b-26');
    expect(job).toMatchObject({ state: 'finished', total: 26, done: 26, credits: 25 });
    expect(statuses(job)).toEqual({ revealed: 26 });
    expect((await spentToday()).total).toBe(25);
    expect((await listSpends()).filter((entry) => entry.action === 'reveal')).toHaveLength(25);
    expect(onChange.mock.calls.filter(([event]) => event === 'dataChanged').length).toBeGreaterThanOrEqual(3);
    // Paid for now: a second bulk reveal of the same people costs nothing and sends nothing.
    const again = await service.startBulkReveal(ids(1, 26), 'emails', 0);
    expect(await service.getBulkJob(again.jobId)).toMatchObject({ state: 'finished', done: 26, credits: 0 });
    expect(client.calls).toHaveLength(3);
  });

  it('ends people without the field, restricted or never looked up at once, without sending them', async () => {
    const { client, service } = await bulkSetup(0);
    await putPreviews([
      { key: 'person:no-email', result: { status: 'found', preview: { ...person(1), canReveal: [{ field: 'phones', credits: 5 }] } } },
      { key: 'person:2', result: { status: 'found', preview: person(2) } },
    ]);
    await markPreviewsBlocked('b-2', 'gdpr');
    const { jobId } = await service.startBulkReveal(['b-1', 'b-2', 'b-unknown'], 'emails', 0);
    const job = await service.getBulkJob(jobId);
    expect(job).toMatchObject({ state: 'finished', total: 3, done: 3, credits: 0 });
    expect(job.items.map((item) => item.status)).toEqual(['not-found', 'restricted', 'not-found']);
    expect(client.enrichContacts).not.toHaveBeenCalled();
  });

  it('stops after the chunk in flight when cancelled', async () => {
    const { client, service } = await bulkSetup(25);
    client.hold();
    const { jobId } = await service.startBulkReveal(ids(1, 25), 'emails', 25);
    await vi.waitFor(() => expect(client.calls).toHaveLength(1));
    const cancelling = await service.cancelBulkJob(jobId);
    expect(statuses(cancelling)).toEqual({ queued: 10, cancelled: 15 });
    client.release();
    const job = await finished(service, jobId);
    expect(job).toMatchObject({ state: 'cancelled', done: 10, credits: 10 });
    expect(statuses(job)).toEqual({ revealed: 10, cancelled: 15 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toHaveLength(1);
  });

  it('fails the job when Lusha stops (out of credits), and sends nothing more', async () => {
    const { client, service } = await bulkSetup(25);
    const reveal = client.enrichContacts.getMockImplementation()!;
    client.enrichContacts.mockImplementationOnce(reveal).mockImplementationOnce(async (contactIds) => {
      client.calls.push([...contactIds]);
      throw new SidecarError({ kind: 'out-of-credits', message: 'Your Lusha account has run out of credits.', status: 402 });
    });
    const { jobId } = await service.startBulkReveal(ids(1, 25), 'emails', 25);
    const job = await finished(service, jobId);
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'out-of-credits' }, done: 10, credits: 10 });
    expect(statuses(job)).toEqual({ revealed: 10, cancelled: 15 });
    expect(client.calls).toHaveLength(2);
  });

  it('keeps per-person outcomes as item statuses, not job failures', async () => {
    const { client, service } = await bulkSetup(3);
    client.enrichContacts.mockImplementationOnce(async (contactIds) => {
      client.calls.push([...contactIds]);
      return {
        ...RATE,
        creditsCharged: 1,
        data: [
          { id: 'b-1', status: 'revealed' as const, revealed: { provider: 'lusha' as const, id: 'b-1', emails: [{ email: 'b-1@northwind.example', type: 'work' }], revealedAt: {} } },
          { id: 'b-2', status: 'not-found' as const },
          { id: 'b-3', status: 'failed' as const, message: 'vendor says no' },
        ],
      };
    });
    const { jobId } = await service.startBulkReveal(ids(1, 3), 'emails', 3);
    const job = await finished(service, jobId);
    expect(job).toMatchObject({ state: 'finished', done: 3, credits: 1 });
    expect(job.items.map((item) => item.status)).toEqual(['revealed', 'not-found', 'failed']);
    expect(JSON.stringify(job)).not.toContain('vendor says no');
  });

  it('reports a finished job after the worker restarted, and an unknown one as not found', async () => {
    const { service } = await bulkSetup(3);
    const { jobId } = await service.startBulkReveal(ids(1, 3), 'emails', 3);
    const job = await finished(service, jobId);
    const restarted = createLookupService({ createClient: () => bulkClient() as unknown as LushaClient });
    await vi.waitFor(async () => expect(await restarted.getBulkJob(jobId)).toEqual(job));
    await expect(restarted.getBulkJob('bulk-nope')).rejects.toMatchObject({ kind: 'not-found', message: 'That bulk reveal is no longer known.' });
  });
});
