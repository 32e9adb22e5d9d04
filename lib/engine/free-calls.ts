/**
 * Free provider calls (Lusha's account usage, Saber's balance, polls and lists), through the same rate-limit lanes as
 * the paid calls: one limiter per lane, the page in front of the user first. A free call may be repeated at no cost,
 * so 429s, 5xx, timeouts and network failures retry with backoff; nothing here spends or pauses a provider.
 */
import { errorDataOf } from '../domain/errors';
import { decideRetry } from './backoff';
import type { Limiter } from './limits';
import type { Priority } from './types';

export interface CallQueueOptions<C extends string> {
  limiters: Record<C, Limiter>;
  now?: () => number;
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
}

interface Job<C extends string> {
  seq: number;
  lane: C;
  priority: Priority;
  attempt: number;
  notBefore: number;
  run(): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export type CallQueue<C extends string> = ReturnType<typeof createCallQueue<C>>;

export function createCallQueue<C extends string>(options: CallQueueOptions<C>) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const later = options.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  let queue: Job<C>[] = [];
  let seq = 0;
  let wakeAt = Infinity;

  function schedule(at: number) {
    if (at >= wakeAt) return;
    wakeAt = at;
    later(() => {
      wakeAt = Infinity;
      pump();
    }, Math.max(0, at - now()));
  }

  function pump() {
    const t = now();
    const ready = queue.filter((job) => job.notBefore <= t).sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    let earliest = Math.min(Infinity, ...queue.filter((job) => job.notBefore > t).map((job) => job.notBefore));
    for (const job of ready) {
      const limiter = options.limiters[job.lane];
      const slot = limiter.nextSlot(t);
      if (slot > t) {
        earliest = Math.min(earliest, slot);
        continue;
      }
      limiter.record(t);
      queue = queue.filter((candidate) => candidate !== job);
      void job.run().then(job.resolve, (error: unknown) => failed(job, error));
    }
    if (earliest < Infinity) schedule(earliest);
  }

  function failed(job: Job<C>, error: unknown) {
    const data = errorDataOf(error, 'Sidecar could not finish this request.');
    const decision = decideRetry(data, job.attempt, now(), random);
    if (!decision.retry) {
      job.reject(error);
      return;
    }
    queue.push({ ...job, attempt: job.attempt + 1, notBefore: now() + decision.delayMs });
    schedule(now() + decision.delayMs);
  }

  return {
    /** Runs one free call when its lane allows, retrying what is worth retrying. */
    run<T>(lane: C, call: () => Promise<T>, priority: Priority = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ seq: (seq += 1), lane, priority, attempt: 0, notBefore: 0, run: call, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
  };
}
