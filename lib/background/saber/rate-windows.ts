/**
 * Saber's rate windows as its answers report them (`X-Ratelimit-*`), kept per bucket: writes (questions, research,
 * the email finder, search) and reads (balances, polls, lists). Saber has no usage endpoint, so the popup shows what
 * the last answer of each kind said, and when.
 */
import { z } from 'zod';
import { rateWindowSchema, type RateWindow } from '../../domain/credits';
import type { SaberClient } from '../../providers/saber';
import { defineKvItem } from '../../store/kv';

const seenWindowSchema = rateWindowSchema.extend({ seenAt: z.number() });
/** Kept across worker lives (a stopped worker's last write is still the last one Saber reported). */
const saberRateWindowsItem = defineKvItem('saberRateWindows', z.object({ read: seenWindowSchema.optional(), write: seenWindowSchema.optional() }), () => ({}));

const WRITES = new Set<keyof SaberClient>([
  'createCompanySignal',
  'createContactSignal',
  'createContactResearch',
  'searchContacts',
  'findEmail',
]);

export interface SaberRateWindows {
  read?: RateWindow & { seenAt: number };
  write?: RateWindow & { seenAt: number };
}

export function createSaberRateRecorder(now: () => number) {
  const windows: SaberRateWindows = {};
  /** The same client, noting the rate window of every answer it gets. */
  function wrap(client: SaberClient): SaberClient {
    return new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const bucket = WRITES.has(property as keyof SaberClient) ? 'write' : 'read';
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) {
            void result.then(
              (answer: { rateLimit?: RateWindow }) => {
                if (answer?.rateLimit && answer.rateLimit.limit !== undefined) {
                  windows[bucket] = { ...answer.rateLimit, seenAt: now() };
                  // Merged with what an earlier life kept: its other bucket stays the last one Saber reported.
                  void latest()
                    .then((all) => saberRateWindowsItem.set(all))
                    .catch(() => undefined);
                }
              },
              () => undefined,
            );
          }
          return result;
        };
      },
    });
  }
  /** The last window of each bucket, from this life or, before it saw one, the previous life's. */
  async function latest(): Promise<SaberRateWindows> {
    const stored = await saberRateWindowsItem.get().catch(() => ({}) as SaberRateWindows);
    return { ...stored, ...windows };
  }
  return { wrap, windows: latest };
}
