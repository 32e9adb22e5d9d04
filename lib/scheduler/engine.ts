/**
 * The request engine: every provider call goes through here. It batches single lookups into one search of up to
 * 100, shares identical work in flight, sends the page in front of the user before bulk work, keeps under the
 * provider's rate limits and quotas, retries what is worth retrying, pauses a provider that needs the user, and
 * persists queued work so that a stopped service worker or a restarted browser loses none of it and pays nothing twice.
 */
import type { ContactLookupResult, RevealedData, RevealField } from '../domain/contact';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import type { ContactEnrichOutcome, LushaClient, RateLimitSnapshot } from '../providers/lusha';
import { decideRetry, pausesProvider } from './backoff';
import { toContactSearchItem } from './lookup-keys';
import { QuotaGate, SlidingWindowLimiter, type QuotaWindowName } from './rate-limiter';
import type { PendingReveal, PendingSearch, PendingWork, Priority, WorkStore } from './work-store';

export const MAX_BATCH = 100;
export const DEFAULT_BATCH_WINDOW_MS = 2;

export interface Spend {
  action: 'search' | 'reveal';
  entityId: string;
  field?: RevealField;
  credits: number;
  requestId?: string;
  /** Credits charged by an earlier call whose answer was lost (worker stopped, timeout), found on the retry. */
  interrupted?: boolean;
}

export type RevealOutcome =
  | { status: 'revealed'; revealed: RevealedData }
  | { status: 'not-found' | 'restricted' | 'failed'; message?: string };

/** Where results go, whether or not anyone still waits for them (after a restart, nobody does). */
export interface EngineSink {
  /** The answers of one search call, together (one store write for the whole batch). */
  searchSettled(settled: { work: PendingSearch; result: ContactLookupResult }[]): Promise<void>;
  revealSettled(work: PendingReveal, outcome: RevealOutcome): Promise<void>;
  /** A failure that ends a piece of work for good (not retried, not a pause). */
  workFailed?(work: PendingWork, error: SidecarErrorData): Promise<void>;
  spent(spend: Spend): Promise<void>;
  /** Whether this datum's charge is already in the ledger (a provider never charges the same datum twice). */
  isBooked?(contactId: string, field: RevealField): Promise<boolean>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineOptions {
  getClient(): Promise<LushaClient>;
  store: WorkStore;
  sink: EngineSink;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  isOnline?: () => boolean;
  /** Lookups arriving within this many ms of each other share one search call. */
  batchWindowMs?: number;
  /** Requests per window (Lusha data endpoints: 25 per second). */
  rateLimit?: { limit: number; windowMs: number };
  /**
   * The limiter to count sends in, instead of one of the engine's own: Lusha's limit is per account, so every caller
   * of Lusha's data endpoints (companies, signals, people) must share it with the engine.
   */
  limiter?: SlidingWindowLimiter;
  maxInFlight?: number;
  /** Told how much work is queued after every change (the background keeps a wake-up alarm while it is > 0). */
  onQueueChange?: (queued: number) => void;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

type Entry =
  | { id: string; work: PendingSearch; waiters: Waiter<ContactLookupResult>[]; sentBefore: boolean; answered?: ContactLookupResult }
  | { id: string; work: PendingReveal; waiters: Waiter<RevealOutcome>[]; sentBefore: boolean };

interface Batch {
  seq: number;
  kind: 'search' | 'reveal';
  field?: RevealField;
  priority: Priority;
  ids: string[];
  attempt: number;
  notBefore: number;
}

export interface EngineStatus {
  paused?: SidecarErrorData;
  queued: number;
  inFlight: number;
  heldUntil?: number;
}

export interface EngineStats {
  calls: { search: number; enrich: number };
  received429: number;
  retries: number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function searchId(key: string): string {
  return `s:${key}`;
}
function revealId(contactId: string, field: RevealField): string {
  return `r:${contactId}:${field}`;
}

export type Engine = ReturnType<typeof createEngine>;

export function createEngine(options: EngineOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timers = options.timers ?? realTimers;
  const isOnline = options.isOnline ?? (() => true);
  const batchWindowMs = options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS;
  const maxInFlight = options.maxInFlight ?? 25;
  const rateLimit = options.rateLimit ?? { limit: 25, windowMs: 1000 };
  const limiter = options.limiter ?? new SlidingWindowLimiter(rateLimit);
  const quotas = new QuotaGate();

  const entries = new Map<string, Entry>();
  const forming: string[] = [];
  let queue: Batch[] = [];
  let seq = 0;
  let inFlight = 0;
  let heldUntil = 0;
  let paused: SidecarErrorData | undefined;
  let stopped = false;
  let flushTimer: unknown;
  let pumpTimer: unknown;
  let pumpAt = Infinity;
  let idleWaiters: (() => void)[] = [];
  let pendingSave: Promise<void> | undefined;
  let dirty = false;
  const stats: EngineStats = { calls: { search: 0, enrich: 0 }, received429: 0, retries: 0 };

  /**
   * Saves what is queued. Calls made close together share one write; the promise resolves once a write that started
   * after this call has finished, so a caller that awaits it knows its change is stored.
   */
  function persist(): Promise<void> {
    dirty = true;
    pendingSave ??= (async () => {
      try {
        while (dirty) {
          dirty = false;
          const snapshot = [...entries.values()].map((entry) => entry.work);
          options.onQueueChange?.(snapshot.length);
          await options.store.save(snapshot).catch(() => undefined);
          await options.store.saveSendTimes?.(limiter.recent(now())).catch(() => undefined);
        }
      } finally {
        pendingSave = undefined;
      }
    })();
    return pendingSave;
  }

  function checkIdle() {
    if (entries.size === 0 && inFlight === 0) {
      const waiting = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  function scheduleFlush() {
    if (flushTimer !== undefined) return;
    flushTimer = timers.setTimeout(() => {
      flushTimer = undefined;
      flush();
    }, batchWindowMs);
  }

  /** Groups what arrived into batches: by kind (and field), by priority, at most 100 each. */
  function flush() {
    const groups = new Map<string, Entry[]>();
    for (const id of forming.splice(0)) {
      const entry = entries.get(id);
      if (!entry) continue;
      const group = entry.work.kind === 'search' ? `search:${entry.work.priority}` : `reveal:${entry.work.field}:${entry.work.priority}`;
      groups.set(group, [...(groups.get(group) ?? []), entry]);
    }
    for (const group of groups.values()) {
      for (let start = 0; start < group.length; start += MAX_BATCH) {
        const chunk = group.slice(start, start + MAX_BATCH);
        const first = chunk[0]!.work;
        queue.push({
          seq: (seq += 1),
          kind: first.kind,
          field: first.kind === 'reveal' ? first.field : undefined,
          priority: first.priority,
          ids: chunk.map((entry) => entry.id),
          attempt: 0,
          notBefore: 0,
        });
      }
    }
    pump();
  }

  function schedulePump(at: number) {
    if (at >= pumpAt) return;
    if (pumpTimer !== undefined) timers.clearTimeout(pumpTimer);
    pumpAt = at;
    pumpTimer = timers.setTimeout(() => {
      pumpTimer = undefined;
      pumpAt = Infinity;
      pump();
    }, Math.max(0, at - now()));
  }

  /** Sends what may be sent now, best first; schedules itself for when the next may go. */
  function pump() {
    while (!paused && !stopped && inFlight < maxInFlight && queue.length > 0) {
      const t = now();
      if (!isOnline()) {
        schedulePump(t + 1000);
        return;
      }
      const ready = queue.filter((batch) => batch.notBefore <= t);
      if (ready.length === 0) {
        schedulePump(Math.min(...queue.map((batch) => batch.notBefore)));
        return;
      }
      const slot = Math.max(limiter.nextSlot(t), quotas.nextSlot(t), heldUntil);
      if (slot > t) {
        schedulePump(slot);
        return;
      }
      const batch = ready.reduce((best, candidate) =>
        candidate.priority < best.priority || (candidate.priority === best.priority && candidate.seq < best.seq) ? candidate : best,
      );
      queue = queue.filter((candidate) => candidate !== batch);
      limiter.record(t);
      quotas.record();
      void persist(); // the send time too: a restarted worker must not burst past the limit
      inFlight += 1;
      void send(batch).finally(() => {
        inFlight -= 1;
        pump();
        checkIdle();
      });
    }
  }

  function learn(rateLimits: RateLimitSnapshot) {
    const t = now();
    for (const window of ['minute', 'hourly', 'daily'] as const) {
      const info = rateLimits[window];
      quotas.learn(window, info?.remaining, info?.resetsAt ? Date.parse(info.resetsAt) : undefined, t);
    }
  }

  function liveEntries(batch: Batch): Entry[] {
    return batch.ids.map((id) => entries.get(id)).filter((entry): entry is Entry => entry !== undefined);
  }

  async function send(batch: Batch): Promise<void> {
    const batchEntries = liveEntries(batch);
    if (batchEntries.length === 0) return;
    try {
      const client = await options.getClient();
      if (batch.kind === 'search') await sendSearch(client, batch, batchEntries);
      else await sendReveal(client, batch, batchEntries);
    } catch (error) {
      if (stopped) return;
      await failed(batch, batchEntries, SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Sidecar could not finish this request.', detail: String(error) });
    }
  }

  async function sendSearch(client: LushaClient, batch: Batch, batchEntries: Entry[]) {
    stats.calls.search += 1;
    const searches = batchEntries.filter((entry): entry is Extract<Entry, { work: PendingSearch }> => entry.work.kind === 'search');
    const response = await client.searchContacts(
      searches.map((entry, index) => toContactSearchItem(entry.work.lookup, String(index))),
      { includePartialProfiles: true },
    );
    if (stopped) return; // a stopped worker records nothing: its successor redoes the work from storage
    learn(response.rateLimits);
    if (response.creditsCharged > 0) {
      await options.sink.spent({ action: 'search', entityId: `search:${response.requestId ?? batch.seq}`, credits: response.creditsCharged, requestId: response.requestId });
    }
    const byReference = new Map(response.data.map((item) => [item.clientReferenceId, item]));
    const settled = searches.map((entry, index) => {
      const outcome = byReference.get(String(index));
      return { entry, result: outcome ? withoutReference(outcome) : ({ status: 'not-found' } as ContactLookupResult) };
    });
    // Answer first, then store: the work stays queued (and persisted) until the store has it, so a worker stopped in
    // between redoes it rather than losing it.
    for (const { entry, result } of settled) {
      entry.answered = result;
      for (const waiter of entry.waiters.splice(0)) waiter.resolve(result);
    }
    await options.sink.searchSettled(settled.map(({ entry, result }) => ({ work: entry.work, result })));
    if (stopped) return;
    for (const { entry } of settled) entries.delete(entry.id);
    await persist();
  }

  async function sendReveal(client: LushaClient, batch: Batch, batchEntries: Entry[]) {
    const reveals = batchEntries.filter((entry): entry is Extract<Entry, { work: PendingReveal }> => entry.work.kind === 'reveal');
    // Before the request leaves: after a restart, we must know it may have been charged.
    const sentAt = now();
    for (const entry of reveals) {
      if (entry.work.sentAt !== undefined) entry.sentBefore = true;
      entry.work = { ...entry.work, sentAt };
    }
    await persist();
    stats.calls.enrich += 1;
    const response = await client.enrichContacts(
      reveals.map((entry) => entry.work.contactId),
      [batch.field!],
    );
    if (stopped) return;
    learn(response.rateLimits);
    const outcomes = [];
    for (const entry of reveals) {
      const booked = (await options.sink.isBooked?.(entry.work.contactId, entry.work.field)) ?? false;
      outcomes.push({ entry, outcome: response.data.find((item) => item.id === entry.work.contactId), booked });
    }
    for (const spend of attributeRevealCharges(outcomes, batch.field!, response.creditsCharged, response.requestId)) {
      await options.sink.spent(spend);
    }
    for (const { entry, outcome } of outcomes) {
      const result = toRevealOutcome(outcome);
      await options.sink.revealSettled(entry.work, result);
      entries.delete(entry.id);
      for (const waiter of entry.waiters) waiter.resolve(result);
    }
    await persist();
  }

  async function failed(batch: Batch, batchEntries: Entry[], error: SidecarErrorData) {
    const t = now();
    if (error.kind === 'rate-limited') {
      stats.received429 += 1;
      const window = error.reason as QuotaWindowName | undefined;
      if (window === 'minute' || window === 'hourly' || window === 'daily') quotas.exhaust(window, error.retryAt, t);
    }
    if (pausesProvider(error)) {
      paused = error;
      queue.push({ ...batch, notBefore: 0 });
      // Work stays queued (and persisted) for when the user acts; whoever waits hears why now.
      for (const entry of entries.values()) {
        const waiters = entry.waiters.splice(0);
        for (const waiter of waiters) waiter.reject(new SidecarError(error));
      }
      return;
    }
    // A provider's GDPR refusal of a batch names nobody: ask for each person alone.
    if (error.kind === 'gdpr-blocked' && batchEntries.length > 1) {
      for (const entry of batchEntries) queue.push({ ...batch, seq: (seq += 1), ids: [entry.id], notBefore: t });
      return;
    }
    const decision = decideRetry(error, batch.attempt, t, random);
    if (decision.retry) {
      stats.retries += 1;
      const notBefore = t + decision.delayMs;
      if (error.kind === 'rate-limited') heldUntil = Math.max(heldUntil, notBefore);
      queue.push({ ...batch, attempt: batch.attempt + 1, notBefore });
      return;
    }
    for (const entry of batchEntries) {
      entries.delete(entry.id);
      await options.sink.workFailed?.(entry.work, error);
      for (const waiter of entry.waiters) waiter.reject(new SidecarError(error));
    }
    await persist();
  }

  function enqueue(entry: Entry) {
    entries.set(entry.id, entry);
    forming.push(entry.id);
    // A full batch need not wait for the window: send it now, and let the rest keep gathering.
    if (forming.length >= MAX_BATCH) {
      if (flushTimer !== undefined) timers.clearTimeout(flushTimer);
      flushTimer = undefined;
      flush();
    } else {
      scheduleFlush();
    }
  }

  /** Raises queued work to the front when the user now looks at it. */
  function promote(id: string, priority: Priority) {
    if (priority !== 0) return;
    const entry = entries.get(id);
    if (entry && entry.work.priority !== 0) entry.work = { ...entry.work, priority: 0 } as typeof entry.work;
    for (const batch of queue) if (batch.ids.includes(id)) batch.priority = 0;
  }

  return {
    /** Looks one person up; identical lookups share one request, and bursts share one search call. */
    search(work: Omit<PendingSearch, 'kind' | 'queuedAt'>): Promise<ContactLookupResult> {
      if (stopped) return Promise.reject(new SidecarError({ kind: 'internal', message: 'Sidecar is restarting. Try again.' }));
      if (paused) return Promise.reject(new SidecarError(paused));
      const id = searchId(work.key);
      return new Promise((resolve, reject) => {
        const existing = entries.get(id);
        if (existing?.work.kind === 'search' && 'answered' in existing && existing.answered) {
          resolve(existing.answered);
          return;
        }
        if (existing?.work.kind === 'search') {
          (existing.waiters as Waiter<ContactLookupResult>[]).push({ resolve, reject });
          promote(id, work.priority);
          return;
        }
        enqueue({ id, work: { ...work, kind: 'search', queuedAt: now() }, waiters: [{ resolve, reject }], sentBefore: false });
        void persist();
      });
    },

    /** Reveals one field of one person; two reveals of the same datum make one request and one charge. */
    reveal(work: Omit<PendingReveal, 'kind' | 'queuedAt' | 'sentAt'>): Promise<RevealOutcome> {
      if (stopped) return Promise.reject(new SidecarError({ kind: 'internal', message: 'Sidecar is restarting. Try again.' }));
      if (paused) return Promise.reject(new SidecarError(paused));
      const id = revealId(work.contactId, work.field);
      return new Promise((resolve, reject) => {
        const existing = entries.get(id);
        if (existing?.work.kind === 'reveal') {
          (existing.waiters as Waiter<RevealOutcome>[]).push({ resolve, reject });
          promote(id, work.priority);
          return;
        }
        enqueue({ id, work: { ...work, kind: 'reveal', queuedAt: now() }, waiters: [{ resolve, reject }], sentBefore: false });
        void persist();
      });
    },

    /** Picks up work persisted by a previous life of the worker. */
    async start(): Promise<void> {
      const t = now();
      const known = new Set(limiter.recent(t));
      const restored = ((await options.store.loadSendTimes?.()) ?? []).filter((at) => at > t - 60_000 && !known.has(at));
      for (const at of restored) limiter.record(at);
      // The previous life may have sent more than it managed to store: if it was sending within the last window, let
      // that window pass before sending again rather than risk a 429.
      const latest = Math.max(-Infinity, ...restored);
      if (latest > t - rateLimit.windowMs) heldUntil = Math.max(heldUntil, latest + rateLimit.windowMs + 1);
      for (const work of await options.store.load()) {
        const id = work.kind === 'search' ? searchId(work.key) : revealId(work.contactId, work.field);
        if (entries.has(id)) continue;
        const entry = work.kind === 'search' ? { id, work, waiters: [], sentBefore: false } : { id, work, waiters: [], sentBefore: work.sentAt !== undefined };
        enqueue(entry as Entry);
      }
    },

    /** The user acted (new key, more credits): send what waited. */
    resume(): void {
      paused = undefined;
      pump();
    },

    status(): EngineStatus {
      return { paused, queued: entries.size, inFlight, heldUntil: heldUntil > now() ? heldUntil : undefined };
    },

    stats(): EngineStats {
      return structuredClone(stats);
    },

    /** Resolves when nothing is queued or in flight. */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },

    /** Stops timers (tests, benchmarks). Queued work stays persisted. */
    stop(): void {
      if (flushTimer !== undefined) timers.clearTimeout(flushTimer);
      if (pumpTimer !== undefined) timers.clearTimeout(pumpTimer);
      flushTimer = undefined;
      pumpTimer = undefined;
      pumpAt = Infinity;
      stopped = true;
    },
  };
}

function withoutReference(outcome: { clientReferenceId?: string } & ContactLookupResult): ContactLookupResult {
  const { clientReferenceId: _ignored, ...result } = outcome;
  return result as ContactLookupResult;
}

function toRevealOutcome(outcome: ContactEnrichOutcome | undefined): RevealOutcome {
  if (!outcome) return { status: 'not-found' };
  if (outcome.status === 'revealed') return { status: 'revealed', revealed: outcome.revealed };
  return { status: outcome.status, message: outcome.message };
}

function hasData(outcome: ContactEnrichOutcome | undefined, field: RevealField): boolean {
  if (outcome?.status !== 'revealed') return false;
  return (outcome.revealed[field]?.length ?? 0) > 0;
}

/**
 * Splits an enrich call's `creditsCharged` over the people in it, at their quoted prices. When the call charged less
 * than the people it revealed were priced at, and some of them were sent before by a call whose answer was lost, the
 * difference was charged by that lost call: it is booked too (marked interrupted), so the ledger matches the provider.
 * People whose charge is already booked (the lost call's answer was recorded before the worker stopped) are left out.
 */
export function attributeRevealCharges(
  outcomes: { entry: { work: PendingReveal; sentBefore: boolean }; outcome: ContactEnrichOutcome | undefined; booked?: boolean }[],
  field: RevealField,
  creditsCharged: number,
  requestId: string | undefined,
): Spend[] {
  const spends: Spend[] = [];
  let remaining = creditsCharged;
  // A datum already in the ledger was paid for once and can never be charged again: it takes none of this call.
  const paid = outcomes.filter(({ outcome, booked }) => hasData(outcome, field) && !booked);
  // Fresh first: a person never sent before can only have been charged by this call.
  const ordered = [...paid.filter(({ entry }) => !entry.sentBefore), ...paid.filter(({ entry }) => entry.sentBefore)];
  for (const { entry } of ordered) {
    const price = entry.work.expectedCredits;
    const now = Math.min(price, remaining);
    remaining -= now;
    if (now > 0) spends.push({ action: 'reveal', entityId: entry.work.contactId, field, credits: now, requestId });
    if (now < price && entry.sentBefore) {
      spends.push({ action: 'reveal', entityId: entry.work.contactId, field, credits: price - now, requestId, interrupted: true });
    }
  }
  if (remaining > 0) {
    // Charged more than quoted (prices changed): book the difference rather than lose it.
    spends.push({ action: 'reveal', entityId: ordered[0]?.entry.work.contactId ?? 'unknown', field, credits: remaining, requestId });
  }
  return spends;
}
