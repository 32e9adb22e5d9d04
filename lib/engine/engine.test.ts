/**
 * The engine with a scripted operation (no provider): reservations under the cap and the threshold, batching and
 * sharing, rate limits and priorities, which failures retry, lost answers found out, pauses, cancels and restarts.
 * Everything runs on the real store (fake-indexeddb) and real timers with short windows; tests wait for facts.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import { settingsSchema, type Settings } from '../domain/settings';
import { closeDbForTests } from '../store/db';
import { getIntent, listIntents } from '../store/intents';
import { ledgerTotal, listSpends, spentToday } from '../store/ledger';
import { Engine, type EngineOptions } from './engine';
import { SlidingWindowLimiter } from './limits';
import type { CallAnswer, Findings, Intent, Operation } from './types';

beforeEach(async () => {
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

async function until(fact: () => boolean | Promise<boolean>, what = 'the fact', timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await fact())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Args {
  key: string;
  group?: string;
}

interface Call {
  at: number;
  keys: string[];
}

/** A provider that records calls; answers, charges and failures are scripted per call. */
function fakeProvider(
  script: {
    /** The error a call fails with, or undefined to answer. `charged` on the error: charged before it failed. */
    fail?: (call: Call, index: number) => SidecarErrorData | undefined;
    /** Credits charged per key answered (default 1). */
    price?: number;
    /** Whether a repeat of an already charged key is free. */
    repeatIsFree?: boolean;
    delayMs?: number;
  } = {},
) {
  const calls: Call[] = [];
  const charged = new Map<string, number>();
  let providerCount = 0;
  const op: Operation<Args, string> = {
    name: 'fake.op',
    provider: 'lusha',
    lane: 'fake',
    args: z.object({ key: z.string(), group: z.string().optional() }),
    repeatIsFree: script.repeatIsFree ?? false,
    shareKey: (args) => args.key,
    ledger: (args) => ({ action: 'reveal', entityId: args.key, field: 'emails' }),
    batchKey: (args) => args.group ?? 'all',
    maxBatch: (priority) => (priority === 0 ? 100 : 2),
    maxInFlight: (priority) => (priority === 1 ? 1 : 25),
    async send(intents: Intent<Args>[]): Promise<CallAnswer<string>> {
      const call = { at: Date.now(), keys: intents.map((intent) => intent.args.key) };
      const index = calls.push(call) - 1;
      // The provider charges as the call arrives (a datum charged once is free again when `repeatIsFree`); the
      // answer comes later.
      let credits = 0;
      for (const intent of intents) {
        const cost = script.repeatIsFree && charged.has(intent.args.key) ? 0 : (script.price ?? 1);
        charged.set(intent.args.key, (charged.get(intent.args.key) ?? 0) + cost);
        credits += cost;
      }
      const failure = script.fail?.(call, index);
      if (!failure || failure.kind !== 'out-of-credits') providerCount += credits;
      else credits = 0;
      if (script.delayMs) await new Promise((resolve) => setTimeout(resolve, script.delayMs));
      if (failure) throw new SidecarError(failure.kind === 'unexpected-response' && failure.charged === -1 ? { ...failure, charged: credits } : failure);
      let left = credits;
      const charges = intents.flatMap((intent) => {
        const share = Math.min(left, intent.price);
        left -= share;
        return share > 0 ? [{ ...op.ledger(intent.args), intentId: intent.id, credits: share }] : [];
      });
      return { outcomes: new Map(intents.map((intent) => [intent.id, { ok: true as const, value: `answer:${intent.args.key}` }])), charges };
    },
    async investigate(intents: Intent<Args>[]): Promise<Findings<string>> {
      // Like Lusha's count: what the provider charged that the ledger does not hold yet.
      const unexplained = providerCount - (await ledgerTotal('lusha'));
      let left = Math.max(0, unexplained);
      return new Map(
        intents.map((intent) => {
          const credits = Math.min(left, intent.reserved);
          left -= credits;
          return [intent.id, { credits }];
        }),
      );
    },
  };
  return { op, calls, providerCount: () => providerCount };
}

function engineWith(op: Operation<Args, string>, settings: Partial<Settings> = {}, options: Partial<EngineOptions> = {}) {
  return new Engine({
    operations: [op as Operation],
    lanes: { fake: { limiter: new SlidingWindowLimiter({ limit: 25, windowMs: 1000 }) } },
    budget: { settings: async () => settingsSchema.parse({ autoConfirmUnder: 1000, dailyCreditCap: 1000, ...settings }), spentToday: async (_provider, at) => (await spentToday(at)).total },
    ...options,
  });
}

const click = { origin: 'click' as const, what: 'Revealing this email' };

describe('reservations', () => {
  it('asks first at or above the threshold, with the exact cost, and sends nothing until confirmed', async () => {
    const { op, calls } = fakeProvider();
    const engine = engineWith(op, { autoConfirmUnder: 1 });
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click)).rejects.toMatchObject({ data: { kind: 'needs-confirmation', credits: 1 } });
    expect(calls).toHaveLength(0);
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, { ...click, confirmedCredits: 1 })).resolves.toMatchObject({ value: 'answer:a' });
    engine.stop();
  });

  it('reserves under one lock: three concurrent 5-credit spends under a cap of 5, exactly one goes', async () => {
    const { op, calls, providerCount } = fakeProvider({ price: 5, delayMs: 20 });
    const engine = engineWith(op, { dailyCreditCap: 5 });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((key) => engine.submitOne('fake.op', { args: { key }, price: 5 }, click)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const refused of results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')) {
      expect(refused.reason).toMatchObject({ kind: 'budget-exceeded' });
      expect((refused.reason as SidecarError).message).toMatch(/daily cap/);
    }
    expect(calls).toHaveLength(1);
    expect(providerCount()).toBe(5);
    expect(await ledgerTotal('lusha')).toBe(5);
    engine.stop();
  });

  it('watch intents: a partial reservation takes the longest first part under the watch budget, counting what watching spent and holds', async () => {
    const { op, calls, providerCount } = fakeProvider({ price: 2, delayMs: 20 });
    const watchSpent = { total: 0 };
    const engine = engineWith(op, { watchBudget: 7 }, {
      budget: {
        settings: async () => settingsSchema.parse({ autoConfirmUnder: 0, dailyCreditCap: 1000, watchBudget: 7 }),
        spentToday: async (_provider, at) => (await spentToday(at)).total,
        spentTodayBy: async () => watchSpent.total,
      },
    });
    const watch = { origin: 'watch' as const, what: 'This watch check', partial: true, priority: 1 as const };
    // Four items at 2 each under 7: three are reserved (6), the fourth is refused with the watch budget's reason.
    const settlements = await engine.submit<Args, string>('fake.op', ['a', 'b', 'c', 'd'].map((key) => ({ args: { key, group: 'w' }, price: 2 })), watch);
    const results = await Promise.allSettled(settlements);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ kind: 'budget-exceeded', message: expect.stringMatching(/watch budget of 7 credits/) });
    expect(calls.flatMap((call) => call.keys).sort()).toEqual(['a', 'b', 'c']);
    expect(providerCount()).toBe(6);
    // 6 booked by watching today: a new check of one item (2) would pass 7 and reserves nothing; no confirmation is asked.
    const next = await Promise.allSettled(await engine.submit<Args, string>('fake.op', [{ args: { key: 'e', group: 'w' }, price: 2 }], watch));
    expect(next[0]).toMatchObject({ status: 'rejected', reason: { kind: 'budget-exceeded' } });
    expect(calls.flatMap((call) => call.keys)).not.toContain('e');
    // Clicks are not held to the watch budget.
    await expect(engine.submitOne('fake.op', { args: { key: 'f' }, price: 2 }, { ...click, confirmedCredits: 2 })).resolves.toMatchObject({ value: 'answer:f' });
    engine.stop();
  });

  it('counts automatic lookups against the cap too (a cap of 0 spends nothing), but does not ask for them', async () => {
    const { op, calls } = fakeProvider();
    const capped = engineWith(op, { dailyCreditCap: 0, autoConfirmUnder: 0 });
    await expect(capped.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, { origin: 'auto', what: 'Looking up' })).rejects.toMatchObject({
      kind: 'budget-exceeded',
      message: expect.stringMatching(/Automatic lookups stop/),
    });
    capped.stop();
    const open = engineWith(op, { dailyCreditCap: 10, autoConfirmUnder: 0 });
    await expect(open.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, { origin: 'auto', what: 'Looking up' })).resolves.toMatchObject({ value: 'answer:a' });
    expect(calls).toHaveLength(1);
    open.stop();
  });

  it('holds what several intents of one call can cost at most, and settles with what the provider charged', async () => {
    const { op } = fakeProvider({ price: 0 });
    op.callPrice = (intents) => Math.ceil(intents.length / 25);
    const engine = engineWith(op, { dailyCreditCap: 1 });
    const settlements = await engine.submit<Args, string>('fake.op', Array.from({ length: 20 }, (_, index) => ({ args: { key: `k${index}` }, price: 1 })), { origin: 'auto', what: 'Looking up 20 people' });
    expect(engine.held('lusha')).toBe(1);
    await Promise.all(settlements);
    expect(engine.held('lusha')).toBe(0);
    engine.stop();
  });
});

describe('batching and sharing', () => {
  it('sends intents arriving together as one call, and shares one call and one charge between identical ones', async () => {
    const { op, calls } = fakeProvider();
    const engine = engineWith(op);
    const results = await Promise.all([
      engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click),
      engine.submitOne('fake.op', { args: { key: 'b' }, price: 1 }, click),
      engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click),
    ]);
    expect(results.map((result) => result.value)).toEqual(['answer:a', 'answer:b', 'answer:a']);
    expect(calls).toEqual([expect.objectContaining({ keys: ['a', 'b'] })]);
    expect(await ledgerTotal('lusha')).toBe(2);
    engine.stop();
  });

  it('joins a click by its id: asked again after the answer, it is answered from the record with no second call', async () => {
    const { op, calls } = fakeProvider();
    const engine = engineWith(op);
    await engine.submitOne('fake.op', { args: { key: 'a' }, price: 1, id: 'click-0001' }, click);
    const again = await engine.submitOne('fake.op', { args: { key: 'a' }, price: 1, id: 'click-0001' }, click);
    expect(again.intent).toMatchObject({ id: 'click-0001', state: 'settled', outcome: 'charged', charged: 1 });
    expect(calls).toHaveLength(1);
    engine.stop();
  });
});

describe('rate limits and priorities', () => {
  it('never sends more than the lane allows in any window', async () => {
    const { op, calls } = fakeProvider();
    const engine = new Engine({
      operations: [op as Operation],
      lanes: { fake: { limiter: new SlidingWindowLimiter({ limit: 2, windowMs: 100 }) } },
      budget: { settings: async () => settingsSchema.parse({ autoConfirmUnder: 1000 }), spentToday: async () => 0 },
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => engine.submitOne('fake.op', { args: { key, group: key }, price: 1 }, click)));
    expect(calls).toHaveLength(5);
    for (const [index, call] of calls.entries()) {
      const inWindow = calls.filter((other) => other.at > call.at - 100 && other.at <= call.at);
      expect(inWindow.length, `call ${index}`).toBeLessThanOrEqual(2);
    }
    engine.stop();
  });

  it('sends the page in front of the user before bulk work queued earlier', async () => {
    const { op, calls } = fakeProvider({ delayMs: 30 });
    const engine = engineWith(op);
    const bulk = await engine.submit<Args, string>('fake.op', ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((key) => ({ args: { key }, price: 1 })), { origin: 'bulk', priority: 1, what: 'bulk' });
    await until(() => calls.length === 1, 'the first bulk call');
    const front = engine.submitOne('fake.op', { args: { key: 'front' }, price: 1 }, click);
    await Promise.all([front, ...bulk]);
    // Bulk goes one call at a time; the click overtakes the bulk calls still queued.
    expect(calls.map((call) => call.keys.join(','))).toEqual(['b1,b2', 'front', 'b3,b4', 'b5,b6']);
    engine.stop();
  });
});

describe('failures, by what they may cost', () => {
  it('retries a 429 (nothing was charged) and books one charge', async () => {
    const { op, calls } = fakeProvider({ fail: (_call, index) => (index === 0 ? { kind: 'rate-limited', message: 'slow', retryAt: Date.now() + 50 } : undefined) });
    const engine = engineWith(op);
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click)).resolves.toMatchObject({ value: 'answer:a' });
    expect(calls).toHaveLength(2);
    engine.stop();
  });

  it('retries a lost answer on its own only when a repeat is free, and books the lost charge once', async () => {
    const { op, calls, providerCount } = fakeProvider({ repeatIsFree: true, fail: (_call, index) => (index === 0 ? { kind: 'timeout', message: 'slow' } : undefined) });
    const engine = engineWith(op);
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click)).resolves.toMatchObject({ value: 'answer:a' });
    expect(calls).toHaveLength(2);
    expect(providerCount()).toBe(1);
    engine.stop();
  });

  it('does not repeat a lost answer that would be paid again: the caller hears it may have been charged, and the engine finds out', async () => {
    for (const kind of ['timeout', 'server', 'network'] as const) {
      await closeDbForTests();
      globalThis.indexedDB = new IDBFactory();
      const { op, calls, providerCount } = fakeProvider({ fail: (_call, index) => (index === 0 ? { kind, message: 'lost' } : undefined) });
      const engine = engineWith(op);
      const error = (await engine.submitOne('fake.op', { args: { key: 'a' }, price: 1, id: 'click-lost-1' }, click).catch((caught: unknown) => caught)) as SidecarError;
      expect(error.data).toMatchObject({ kind, mayHaveCharged: 1, intentId: 'click-lost-1' });
      expect(calls).toHaveLength(1);
      await until(async () => (await getIntent('click-lost-1'))?.state === 'settled', 'the finding out');
      expect(await getIntent('click-lost-1')).toMatchObject({ outcome: 'charged', charged: 1, reserved: 0 });
      expect(await ledgerTotal('lusha')).toBe(providerCount());
      expect((await listSpends())[0]).toMatchObject({ note: 'reconciled', credits: 1 });
      expect(calls).toHaveLength(1);
      engine.stop();
    }
  });

  it('books a charged answer it could not read, and tells the caller both', async () => {
    const { op, providerCount } = fakeProvider({ fail: () => ({ kind: 'unexpected-response', message: 'unreadable', charged: -1 }) });
    const engine = engineWith(op);
    const error = (await engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click).catch((caught: unknown) => caught)) as SidecarError;
    expect(error.data).toMatchObject({ kind: 'unexpected-response', charged: 1 });
    expect(await ledgerTotal('lusha')).toBe(providerCount());
    expect((await listSpends())[0]).toMatchObject({ note: 'unreadable' });
    engine.stop();
  });

  it('never retries a refusal (400, 404) and books nothing', async () => {
    const { op, calls } = fakeProvider({ price: 0, fail: () => ({ kind: 'validation', message: 'no' }) });
    const engine = engineWith(op);
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click)).rejects.toMatchObject({ kind: 'validation' });
    expect(calls).toHaveLength(1);
    expect(await listSpends()).toEqual([]);
    engine.stop();
  });
});

describe('pauses: an answered intent owns no more work', () => {
  it('out of credits refuses the call and everything queued, persists the pause, and nothing is sent after a resume or a restart', async () => {
    const { op, calls } = fakeProvider({ price: 0, fail: () => ({ kind: 'out-of-credits', message: 'none' }), delayMs: 20 });
    // One request a second: the second intent waits in the queue while the first is refused.
    const engine = engineWith(op, {}, { lanes: { fake: { limiter: new SlidingWindowLimiter({ limit: 1, windowMs: 1000 }) } } });
    const first = engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click);
    await until(() => calls.length === 1, 'the first call');
    const queued = engine.submitOne('fake.op', { args: { key: 'b', group: 'other' }, price: 1 }, click);
    await expect(first).rejects.toMatchObject({ kind: 'out-of-credits' });
    await expect(queued).rejects.toMatchObject({ kind: 'out-of-credits' });
    await expect(engine.submitOne('fake.op', { args: { key: 'c' }, price: 1 }, click)).rejects.toMatchObject({ kind: 'out-of-credits' });
    engine.stop();

    const restarted = engineWith(op);
    await restarted.start();
    expect(restarted.pausedBy('lusha')).toMatchObject({ kind: 'out-of-credits' });
    await restarted.resume('lusha');
    await restarted.idle();
    expect(calls.map((call) => call.keys.join())).toEqual(['a']);
    expect((await listIntents()).every((intent) => intent.state === 'settled')).toBe(true);
    restarted.stop();
  });

  it('a plan that lacks one feature refuses that call only', async () => {
    const { op } = fakeProvider({ price: 0, fail: (_call, index) => (index === 0 ? { kind: 'forbidden', reason: 'plan-lacks-feature', message: 'plan' } : undefined) });
    const engine = engineWith(op);
    await expect(engine.submitOne('fake.op', { args: { key: 'a' }, price: 1 }, click)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(engine.pausedBy('lusha')).toBeUndefined();
    await expect(engine.submitOne('fake.op', { args: { key: 'b' }, price: 1 }, click)).resolves.toBeDefined();
    engine.stop();
  });
});

describe('cancels and restarts', () => {
  it('cancels what a bulk job has not sent, persisted: a restarted engine sends none of it', async () => {
    const { op, calls } = fakeProvider({ delayMs: 30 });
    const engine = engineWith(op);
    const settlements = await engine.submit<Args, string>('fake.op', ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => ({ args: { key }, price: 1 })), { origin: 'bulk', priority: 1, what: 'bulk', jobId: 'job-1' });
    for (const settlement of settlements) settlement.catch(() => undefined);
    await until(() => calls.length === 1, 'the first call');
    expect(await engine.cancel({ jobId: 'job-1' })).toBe(4);
    await engine.idle();
    engine.stop();
    const restarted = engineWith(op);
    await restarted.start();
    await restarted.idle();
    expect(calls.map((call) => call.keys.join())).toEqual(['a,b']);
    expect((await listIntents()).filter((intent) => intent.outcome === 'cancelled')).toHaveLength(4);
    expect(await ledgerTotal('lusha')).toBe(2);
    restarted.stop();
  });

  it('a restarted engine sends what was reserved and never sent, and finds out what was sent and lost', async () => {
    const { op, calls, providerCount } = fakeProvider({ delayMs: 200 });
    const first = engineWith(op);
    const sent = first.submitOne('fake.op', { args: { key: 'sent', group: 'g1' }, price: 1 }, click).catch((error: unknown) => error);
    await until(() => calls.length === 1, 'the first call');
    const waiting = await first.submit<Args, string>('fake.op', [{ args: { key: 'queued' }, price: 1 }], { origin: 'bulk', priority: 1, what: 'bulk', jobId: 'j' });
    waiting[0]!.catch(() => undefined);
    first.stop(); // the worker dies with one call out (charged by the provider) and one intent never sent
    void sent;
    const second = engineWith(op);
    await second.start();
    await second.idle();
    await until(async () => (await listIntents()).every((intent) => intent.state === 'settled'), 'everything settled');
    expect(calls.map((call) => call.keys.join())).toEqual(['sent', 'queued']);
    expect(await ledgerTotal('lusha')).toBe(providerCount());
    second.stop();
  });

  it('an automatic lookup not yet sent dies with the worker: a later life does not send it', async () => {
    const { op, calls } = fakeProvider();
    const first = engineWith(op, {}, { batchWindowMs: 50 });
    const lookup = first.submitOne('fake.op', { args: { key: 'auto' }, price: 1 }, { origin: 'auto', what: 'Looking up' }).catch(() => undefined);
    first.stop();
    void lookup;
    const second = engineWith(op);
    await second.start();
    await second.idle();
    expect(calls).toHaveLength(0);
    second.stop();
  });
});
