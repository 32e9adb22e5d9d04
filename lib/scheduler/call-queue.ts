/**
 * A rate-limited queue for single provider calls that are not batched (Lusha account usage, Saber): one limiter per
 * endpoint class, the page in front of the user first, the same retry rules and provider pauses as the engine.
 */
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import { decideRetry, pausesProvider } from './backoff';
import type { Limiter } from './rate-limiter';
import type { Priority } from './work-store';

export interface CallQueueOptions<C extends string> {
  limiters: Record<C, Limiter>;
  now?: () => number;
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
}

interface Job<C extends string> {
  seq: number;
  endpointClass: C;
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
  let paused: SidecarErrorData | undefined;
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
    if (paused) return;
    const t = now();
    const ready = queue
      .filter((job) => job.notBefore <= t)
      .sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    let earliest = Math.min(Infinity, ...queue.filter((job) => job.notBefore > t).map((job) => job.notBefore));
    for (const job of ready) {
      const limiter = options.limiters[job.endpointClass];
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
    const data: SidecarErrorData = SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Sidecar could not finish this request.' };
    if (pausesProvider(data)) {
      paused = data;
      job.reject(error);
      for (const waiting of queue.splice(0)) waiting.reject(new SidecarError(data));
      return;
    }
    const decision = decideRetry(data, job.attempt, now(), random);
    if (!decision.retry) {
      job.reject(error);
      return;
    }
    queue.push({ ...job, attempt: job.attempt + 1, notBefore: now() + decision.delayMs });
    schedule(now() + decision.delayMs);
  }

  return {
    /** Runs one call when its endpoint class allows, retrying what is worth retrying. */
    run<T>(endpointClass: C, call: () => Promise<T>, priority: Priority = 0): Promise<T> {
      if (paused) return Promise.reject(new SidecarError(paused));
      return new Promise<T>((resolve, reject) => {
        queue.push({ seq: (seq += 1), endpointClass, priority, attempt: 0, notBefore: 0, run: call, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
    paused: () => paused,
    resume() {
      paused = undefined;
      pump();
    },
  };
}
