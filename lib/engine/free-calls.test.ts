import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { SidecarError } from '../domain/errors';
import { createCallQueue } from './free-calls';
import { SlidingWindowLimiter, TokenBucket } from './limits';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TokenBucket', () => {
  it('lets a burst go, then refills at the documented rate', () => {
    const bucket = new TokenBucket({ capacity: 3, refill: 60, perMs: 60_000 }); // 60/min, burst 3
    const t = 1_000;
    for (let i = 0; i < 3; i += 1) {
      expect(bucket.nextSlot(t)).toBe(t);
      bucket.record(t);
    }
    expect(bucket.nextSlot(t)).toBe(t + 1000);
  });
});

describe('createCallQueue', () => {
  it('keeps each endpoint class to its own limit (Lusha account usage: 5 a minute)', async () => {
    const times: number[] = [];
    const queue = createCallQueue({ limiters: { usage: new SlidingWindowLimiter({ limit: 5, windowMs: 60_000 }) } });
    const calls = Array.from({ length: 7 }, () => queue.run('usage', async () => times.push(Date.now())));
    await vi.advanceTimersByTimeAsync(1000);
    expect(times).toHaveLength(5);
    await vi.runAllTimersAsync();
    await Promise.all(calls);
    expect(times[5]! - times[0]!).toBeGreaterThan(60_000);
  });

  it('sends the page in front of the user first when a slot frees', async () => {
    const order: string[] = [];
    const queue = createCallQueue({ limiters: { read: new SlidingWindowLimiter({ limit: 1, windowMs: 1000 }) } });
    const all = [
      queue.run('read', async () => order.push('first'), 1),
      queue.run('read', async () => order.push('bulk'), 1),
      queue.run('read', async () => order.push('front'), 0),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order).toEqual(['first', 'front', 'bulk']);
  });

  it('retries a 429 after the provider’s reset; a refusal fails that call only (free calls never pause a provider)', async () => {
    let attempts = 0;
    const queue = createCallQueue({ limiters: { write: new TokenBucket({ capacity: 10, refill: 10, perMs: 1000 }) }, random: () => 0 });
    const retried = queue.run('write', async () => {
      attempts += 1;
      if (attempts === 1) throw new SidecarError({ kind: 'rate-limited', message: 'slow', retryAt: Date.now() + 3000 });
      return 'ok';
    });
    await vi.runAllTimersAsync();
    await expect(retried).resolves.toBe('ok');
    expect(attempts).toBe(2);

    const refused = queue.run('write', async () => {
      throw new SidecarError({ kind: 'bad-key', message: 'no' });
    });
    await expect(refused).rejects.toMatchObject({ kind: 'bad-key' });
    await expect(queue.run('write', async () => 'x')).resolves.toBe('x');
  });
});
