import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import type { LushaClient, LushaSearchItem, RateLimitSnapshot } from '../providers/lusha';
import { attributeRevealCharges, createEngine, type EngineSink, type Spend } from './engine';
import { createMemoryWorkStore, type PendingReveal } from './work-store';

function preview(id: string): ContactPreview {
  return { provider: 'lusha', id, departments: [], has: ['emails'], canReveal: [{ field: 'emails', credits: 1 }] };
}

interface Call {
  kind: 'search' | 'enrich';
  at: number;
  items: string[];
}

/** A fake Lusha: records calls and their times; answers can be scripted per call. */
function fakeLusha(script: Partial<{ fail: (call: Call) => SidecarErrorData | undefined; rateLimits: RateLimitSnapshot; enrichCharge: (ids: string[]) => number }> = {}) {
  const calls: Call[] = [];
  const client: LushaClient = {
    async searchContacts(items: LushaSearchItem[]) {
      const call: Call = { kind: 'search', at: Date.now(), items: items.map((item) => ('linkedinUrl' in item ? item.linkedinUrl : '?')) };
      calls.push(call);
      const failure = script.fail?.(call);
      if (failure) throw new SidecarError(failure);
      return {
        creditsCharged: 0,
        rateLimits: script.rateLimits ?? {},
        data: items.map((item) => ({ clientReferenceId: item.clientReferenceId, status: 'found' as const, preview: preview(`id-${'linkedinUrl' in item ? item.linkedinUrl : ''}`) })),
      };
    },
    async enrichContacts(ids) {
      const call: Call = { kind: 'enrich', at: Date.now(), items: ids };
      calls.push(call);
      const failure = script.fail?.(call);
      if (failure) throw new SidecarError(failure);
      return {
        creditsCharged: script.enrichCharge ? script.enrichCharge(ids) : ids.length,
        rateLimits: {},
        data: ids.map((id) => ({ id, status: 'revealed' as const, revealed: { provider: 'lusha' as const, id, emails: [{ email: `${id}@x.example` }], revealedAt: {} } })),
      };
    },
    async getAccountUsage() {
      throw new Error('not used');
    },
  };
  return { client, calls };
}

function recordingSink() {
  const spends: Spend[] = [];
  const settled: string[] = [];
  const sink: EngineSink = {
    async searchSettled(batch) {
      for (const { work } of batch) settled.push(work.key);
    },
    async revealSettled(work) {
      settled.push(`${work.contactId}:${work.field}`);
    },
    async spent(spend) {
      spends.push(spend);
    },
  };
  return { sink, spends, settled };
}

function lookup(n: number) {
  const linkedinUrl = `https://www.linkedin.com/in/p${n}`;
  return { key: `linkedin:${linkedinUrl}`, lookup: { kind: 'linkedin-profile' as const, linkedinUrl }, priority: 1 as const };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('batching and sharing', () => {
  it('sends N lookups arriving together as ceil(N/100) search calls', async () => {
    const lusha = fakeLusha();
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink, random: () => 0.5 });
    const results = Promise.all(Array.from({ length: 250 }, (_, n) => engine.search(lookup(n))));
    await vi.runAllTimersAsync();
    expect((await results).every((result) => result.status === 'found')).toBe(true);
    expect(lusha.calls.map((call) => call.items.length)).toEqual([100, 100, 50]);
  });

  it('shares one request between identical lookups and between two reveals of the same datum', async () => {
    const lusha = fakeLusha();
    const recorder = recordingSink();
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recorder.sink });
    const all = Promise.all([
      engine.search(lookup(1)),
      engine.search(lookup(1)),
      engine.reveal({ contactId: 'a', field: 'emails', priority: 0, expectedCredits: 1 }),
      engine.reveal({ contactId: 'a', field: 'emails', priority: 0, expectedCredits: 1 }),
    ]);
    await vi.runAllTimersAsync();
    await all;
    expect(lusha.calls.map((call) => [call.kind, call.items])).toEqual([
      ['search', ['https://www.linkedin.com/in/p1']],
      ['enrich', ['a']],
    ]);
    expect(recorder.spends).toEqual([{ action: 'reveal', entityId: 'a', field: 'emails', credits: 1, requestId: undefined }]);
  });

  it('answers a lookup that arrives while the previous answer is still being stored, without a new request', async () => {
    const lusha = fakeLusha();
    let release!: () => void;
    const recorder = recordingSink();
    const sink = { ...recorder.sink, searchSettled: () => new Promise<void>((resolve) => (release = resolve)) };
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink });
    const first = engine.search(lookup(1));
    await vi.advanceTimersByTimeAsync(10);
    await expect(first).resolves.toMatchObject({ status: 'found' });
    await expect(engine.search(lookup(1))).resolves.toMatchObject({ status: 'found' });
    release();
    await vi.runAllTimersAsync();
    expect(lusha.calls).toHaveLength(1);
  });
});

describe('rate limits and priorities', () => {
  it('never sends more than the limit in any window', async () => {
    const lusha = fakeLusha();
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink, rateLimit: { limit: 3, windowMs: 1000 } });
    // Ten single lookups, each in its own batch window.
    const all: Promise<unknown>[] = [];
    for (let n = 0; n < 10; n += 1) {
      all.push(engine.search(lookup(n)));
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.runAllTimersAsync();
    await Promise.all(all);
    const times = lusha.calls.map((call) => call.at);
    expect(times).toHaveLength(10);
    for (let i = 3; i < times.length; i += 1) expect(times[i]! - times[i - 3]!).toBeGreaterThan(1000);
  });

  it('sends the page in front of the user before bulk work queued earlier', async () => {
    const lusha = fakeLusha();
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink, rateLimit: { limit: 1, windowMs: 1000 } });
    const bulk = [engine.search(lookup(1))];
    await vi.advanceTimersByTimeAsync(5); // p1 goes now
    bulk.push(engine.search(lookup(2)));
    await vi.advanceTimersByTimeAsync(5); // p2 waits for a slot
    const front = engine.search({ ...lookup(3), priority: 0 });
    await vi.runAllTimersAsync();
    await Promise.all([...bulk, front]);
    expect(lusha.calls.map((call) => call.items[0])).toEqual(['https://www.linkedin.com/in/p1', 'https://www.linkedin.com/in/p3', 'https://www.linkedin.com/in/p2']);
  });

  it('waits for a spent quota window to reset instead of sending requests that would fail', async () => {
    const lusha = fakeLusha({ rateLimits: { minute: { limit: 1, remaining: 0 } } });
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink });
    const first = engine.search(lookup(1));
    await vi.advanceTimersByTimeAsync(10);
    await first;
    const second = engine.search(lookup(2));
    await vi.advanceTimersByTimeAsync(10);
    expect(lusha.calls).toHaveLength(1);
    await vi.runAllTimersAsync();
    await second;
    const minuteEnd = Math.floor(lusha.calls[0]!.at / 60_000) * 60_000 + 60_000;
    expect(lusha.calls[1]!.at).toBeGreaterThanOrEqual(minuteEnd);
  });
});

describe('retries and pauses', () => {
  it('backs off on 429 from 1 s, honouring the provider’s reset time', async () => {
    let failures = 2;
    const retryAt = Date.now() + 5_000;
    const lusha = fakeLusha({ fail: () => (failures-- > 0 ? { kind: 'rate-limited', message: 'slow', retryAt } : undefined) });
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink, random: () => 0 });
    const result = engine.search(lookup(1));
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ status: 'found' });
    expect(lusha.calls).toHaveLength(3);
    expect(lusha.calls[1]!.at).toBeGreaterThanOrEqual(retryAt);
    expect(engine.stats().received429).toBe(2);
  });

  it('retries 5xx at most 3 times and never retries other 4xx', async () => {
    const server = fakeLusha({ fail: () => ({ kind: 'server', message: 'down', status: 503 }) });
    const engine = createEngine({ getClient: async () => server.client, store: createMemoryWorkStore(), sink: recordingSink().sink, random: () => 0 });
    const failing = engine.search(lookup(1)).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await failing).toMatchObject({ kind: 'server' });
    expect(server.calls).toHaveLength(4);

    const invalid = fakeLusha({ fail: () => ({ kind: 'validation', message: 'bad', status: 400 }) });
    const engine2 = createEngine({ getClient: async () => invalid.client, store: createMemoryWorkStore(), sink: recordingSink().sink });
    const rejected = engine2.search(lookup(1)).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await rejected).toMatchObject({ kind: 'validation' });
    expect(invalid.calls).toHaveLength(1);
  });

  it('pauses on a bad key, keeps the work, and sends it when the user acts', async () => {
    let badKey = true;
    const lusha = fakeLusha({ fail: () => (badKey ? { kind: 'bad-key', message: 'no', status: 401 } : undefined) });
    const store = createMemoryWorkStore();
    const engine = createEngine({ getClient: async () => lusha.client, store, sink: recordingSink().sink });
    const first = engine.search(lookup(1)).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await first).toMatchObject({ kind: 'bad-key' });
    expect(engine.status().paused?.kind).toBe('bad-key');
    await expect(engine.search(lookup(2))).rejects.toMatchObject({ kind: 'bad-key' });
    expect(store.saved.map((work) => work.kind === 'search' && work.key)).toEqual(['linkedin:https://www.linkedin.com/in/p1']);
    badKey = false;
    engine.resume();
    await vi.runAllTimersAsync();
    expect(lusha.calls).toHaveLength(2);
    expect(store.saved).toEqual([]);
  });

  it('asks for each person alone when a batched reveal is refused under GDPR', async () => {
    const lusha = fakeLusha({ fail: (call) => (call.kind === 'enrich' && call.items.includes('blocked') ? { kind: 'gdpr-blocked', message: 'no', status: 451 } : undefined) });
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink });
    const ok = engine.reveal({ contactId: 'fine', field: 'emails', priority: 0, expectedCredits: 1 });
    const blocked = engine.reveal({ contactId: 'blocked', field: 'emails', priority: 0, expectedCredits: 1 }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    await expect(ok).resolves.toMatchObject({ status: 'revealed' });
    expect(await blocked).toMatchObject({ kind: 'gdpr-blocked' });
    expect(lusha.calls.map((call) => call.items)).toEqual([['fine', 'blocked'], ['fine'], ['blocked']]);
  });
});

describe('offline', () => {
  it('holds requests while the browser is offline and sends them when the network returns', async () => {
    let online = false;
    const lusha = fakeLusha();
    const engine = createEngine({ getClient: async () => lusha.client, store: createMemoryWorkStore(), sink: recordingSink().sink, isOnline: () => online });
    const result = engine.search(lookup(1));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lusha.calls).toHaveLength(0);
    online = true;
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(result).resolves.toMatchObject({ status: 'found' });
    expect(lusha.calls).toHaveLength(1);
  });
});

describe('persistence', () => {
  it('completes work left by a stopped worker, and books a charge whose answer was lost exactly once', async () => {
    const store = createMemoryWorkStore();
    const first = fakeLusha();
    const engine1 = createEngine({ getClient: async () => first.client, store, sink: recordingSink().sink });
    // The worker is stopped after the reveal left (sentAt persisted) but before its answer arrived.
    first.client.enrichContacts = () => new Promise(() => undefined);
    first.client.searchContacts = () => new Promise(() => undefined);
    void engine1.reveal({ contactId: 'a', field: 'emails', priority: 0, expectedCredits: 1 });
    void engine1.search(lookup(7));
    await vi.advanceTimersByTimeAsync(10);
    engine1.stop();
    expect(store.saved.find((work): work is PendingReveal => work.kind === 'reveal')?.sentAt).toBeDefined();

    // The provider already charged the lost call, so the retry costs 0.
    const second = fakeLusha({ enrichCharge: () => 0 });
    const recorder = recordingSink();
    const engine2 = createEngine({ getClient: async () => second.client, store, sink: recorder.sink });
    await engine2.start();
    await vi.runAllTimersAsync();
    await engine2.idle();
    expect(recorder.settled.sort()).toEqual(['a:emails', 'linkedin:https://www.linkedin.com/in/p7']);
    expect(recorder.spends).toEqual([{ action: 'reveal', entityId: 'a', field: 'emails', credits: 1, requestId: undefined, interrupted: true }]);
    expect(store.saved).toEqual([]);
  });
});

describe('attributeRevealCharges', () => {
  const work = (contactId: string, expectedCredits: number): PendingReveal => ({ kind: 'reveal', contactId, field: 'phones', priority: 0, expectedCredits, queuedAt: 0 });
  const revealed = (id: string) => ({ id, status: 'revealed' as const, revealed: { provider: 'lusha' as const, id, phones: [{ number: '1', doNotCall: false }], revealedAt: {} } });

  it('splits a charge at quoted prices and books nothing for people without data', () => {
    const spends = attributeRevealCharges(
      [
        { entry: { work: work('a', 5), sentBefore: false }, outcome: revealed('a') },
        { entry: { work: work('b', 5), sentBefore: false }, outcome: { id: 'b', status: 'revealed', revealed: { provider: 'lusha', id: 'b', phones: [], revealedAt: {} } } },
      ],
      'phones',
      5,
      'r1',
    );
    expect(spends).toEqual([{ action: 'reveal', entityId: 'a', field: 'phones', credits: 5, requestId: 'r1' }]);
  });
});
