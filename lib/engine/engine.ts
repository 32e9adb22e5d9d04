/**
 * The one engine for every call that can cost, whatever the provider (see types.ts for the lifecycle). It reserves
 * under one lock, batches and shares calls, keeps each rate-limit lane under its limit, sends the page in front of the
 * user before bulk work, retries only what costs nothing to repeat, finds out what happened to answers that were
 * lost, and settles every intent once, booking what the provider charged in the same transaction. An intent that has
 * been answered owns no more work: nothing is sent again without a new click, whatever restarts or resumes.
 */
import { errorDataOf, SidecarError, type SidecarErrorData } from '../domain/errors';
import type { Settings } from '../domain/settings';
import type { IntentRecord } from '../store/db';
import { createIntentWriter, getIntent, loadOpenIntents, putIntents, saveIntentsWithCharges } from '../store/intents';
import { pauseItem, sendTimesItem } from '../store/kv';
import { answerWasLost, decideRetry, MAX_TRANSIENT_RETRIES, pausesProvider, stopsJob } from './backoff';
import { createLock, refuseReservation } from './budget';
import { createCallQueue, type CallQueue } from './free-calls';
import { QuotaGate, type Limiter } from './limits';
import type {
  CallAnswer,
  CallContext,
  Charge,
  Findings,
  Intent,
  IntentRequest,
  ItemOutcome,
  Operation,
  Priority,
  ProviderName,
  QuotaReport,
  Settled,
  SubmitOptions,
} from './types';

export const DEFAULT_BATCH_WINDOW_MS = 2;
/** How long after a failed attempt to find out about lost answers it is tried again. */
const INVESTIGATE_RETRY_MS = 15_000;

export interface LaneConfig {
  limiter: Limiter;
  /** Requests of this lane in flight at once. */
  maxInFlight?: number;
  /** Keep its send times across worker lives (a restarted worker must not burst past the limit). */
  persistSendTimes?: boolean;
  /** The window (ms) a restarted worker waits out when the previous life sent within it. */
  windowMs?: number;
}

export interface BudgetSource {
  settings(): Promise<Settings>;
  /** Credits of this provider's pool booked today. */
  spentToday(provider: ProviderName, now: number): Promise<number>;
  /** Whether the organisation's policy set the daily cap (the refusal then says so rather than "raise it"). */
  capSetByOrganisation?(): Promise<boolean>;
  /** Credits of both pools booked today for intents of this origin (the watch budget's count). */
  spentTodayBy?(origin: 'watch', now: number): Promise<number>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type EngineEvent = 'credits' | 'data' | 'status';

export interface EngineOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own argument and result types
  operations: Operation<any, any>[];
  lanes: Record<string, LaneConfig>;
  budget: BudgetSource;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  isOnline?: () => boolean;
  /** Intents arriving within this many ms of each other may share one call. */
  batchWindowMs?: number;
  onChange?(event: EngineEvent): void;
  /** Told how many intents are open after every change (the background keeps a wake-up alarm while any are). */
  onOpenCount?(open: number): void;
}

interface Waiter {
  resolve(settled: Settled<unknown>): void;
  reject(error: unknown): void;
}

interface Open {
  intent: Intent;
  op: Operation;
  waiters: Waiter[];
  /** Resolves once the intent is stored as reserved: nothing is sent before. */
  stored?: Promise<void>;
}

interface Batch {
  seq: number;
  op: Operation;
  priority: Priority;
  ids: string[];
  notBefore: number;
  /** Failed attempts of this batch (for the backoff). */
  failures: number;
}

export interface EngineStatus {
  paused: Partial<Record<ProviderName, SidecarErrorData>>;
  /** Intents waiting to be sent. */
  queued: number;
  inFlight: number;
  /** Intents whose answer was lost, being found out. */
  uncertain: number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};


function newIntentId(now: number): string {
  return `i-${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The error a caller gets for an intent that ended without a value. */
function failureOf(intent: IntentRecord): SidecarError {
  const error = (intent.error ?? { kind: 'internal', message: 'Sidecar could not finish this request.' }) as SidecarErrorData;
  const data: SidecarErrorData = { ...error, intentId: intent.id };
  if (intent.state === 'uncertain') data.mayHaveCharged = intent.reserved;
  else if ((intent.charged ?? 0) > 0) data.charged = intent.charged;
  return new SidecarError(data);
}

export class Engine {
  private readonly ops = new Map<string, Operation>();
  private readonly lanes = new Map<string, LaneConfig & { quotas: QuotaGate; inFlight: number; heldUntil: number; gate: Promise<void> }>();
  private readonly open = new Map<string, Open>();
  /** `<op>|<share key>` → the open intent's id. */
  private readonly shared = new Map<string, string>();
  private forming: string[] = [];
  private queue: Batch[] = [];
  private seq = 0;
  private readonly inFlightOfGroup = new Map<string, number>();
  private readonly inFlightOfProvider = new Map<ProviderName, number>();
  private readonly paused = new Map<ProviderName, SidecarErrorData>();
  private readonly investigating = new Set<ProviderName>();
  private readonly investigateTimers = new Map<ProviderName, unknown>();
  private readonly lock = createLock();
  private readonly writer = createIntentWriter();
  /** Credits booked today per provider pool, kept in step with every booking (read from the ledger once per life). */
  private readonly spent = new Map<ProviderName, { day: number; total: number }>();
  /** Credits booked today for watch intents (both pools), kept like `spent`. */
  private watchSpent: { day: number; total: number } | undefined;
  private readonly free: CallQueue<string>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly isOnline: () => boolean;
  private readonly batchWindowMs: number;
  private flushTimer: unknown;
  private pumpTimer: unknown;
  private pumpAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  private readonly abort = new AbortController();
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: EngineOptions) {
    for (const op of options.operations) this.ops.set(op.name, op);
    for (const [name, lane] of Object.entries(options.lanes)) this.lanes.set(name, { ...lane, quotas: new QuotaGate(), inFlight: 0, heldUntil: 0, gate: Promise.resolve() });
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? realTimers;
    this.isOnline = options.isOnline ?? (() => true);
    this.batchWindowMs = options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS;
    const limiters = Object.fromEntries(Object.entries(options.lanes).map(([name, lane]) => [name, lane.limiter]));
    this.free = createCallQueue({ limiters, now: this.now, random: this.random, setTimeout: (fn, ms) => this.timers.setTimeout(fn, ms) });
  }

  // ---- Submitting

  /**
   * Prices, checks and reserves these intents together (one confirmation, one cap check, under the lock), stores them,
   * and queues them. Resolves once reserved, with one promise per request for its settlement. A request whose `id`
   * is known, or whose share key is open, joins that intent instead (no second reservation, no second charge).
   */
  async submit<A, R>(opName: string, requests: IntentRequest<A>[], options: SubmitOptions): Promise<Promise<Settled<R>>[]> {
    const op = this.operation(opName);
    if (this.stopped) throw new SidecarError({ kind: 'internal', message: 'Sidecar is restarting. Try again.' });
    await this.start();
    // The rules in force, read before taking the lock: what is spent and held is counted under it, and the lock's
    // section stays short however many submissions queue behind it (a page of 1,000 lookups).
    const [settings, capSetByOrganisation] = await Promise.all([this.options.budget.settings(), this.options.budget.capSetByOrganisation?.()]);
    let stored: Promise<void> = Promise.resolve();
    const settlements = await this.lock(async () => {
      const settlements: (Promise<Settled<R>> | undefined)[] = [];
      const fresh: { index: number; request: IntentRequest<A>; id: string; shareKey: string }[] = [];
      const twins: { index: number; of: number }[] = [];
      for (const [index, request] of requests.entries()) {
        const joined = await this.join<R>(op, request);
        settlements[index] = joined?.settlement;
        if (joined) continue;
        const shareKey = op.shareKey(request.args);
        const twin = fresh.find((item) => item.shareKey === shareKey);
        if (twin) twins.push({ index, of: twin.index });
        else fresh.push({ index, request, id: request.id ?? newIntentId(this.now()), shareKey });
      }
      if (fresh.length > 0) {
        const pause = this.paused.get(op.provider);
        if (pause) throw new SidecarError(pause);
        const created: Open[] = fresh.map(({ request, id, shareKey }) => {
          const intent: Intent = {
            id,
            op: op.name,
            provider: op.provider,
            args: request.args,
            shareKey,
            priority: options.priority ?? 0,
            origin: options.origin,
            price: request.price,
            reserved: request.price,
            state: 'reserved',
            createdAt: this.now(),
            attempts: 0,
          };
          if (options.jobId !== undefined) intent.jobId = options.jobId;
          if (request.memo !== undefined) intent.memo = request.memo;
          return { intent, op, waiters: [] };
        });
        // Intents that will share one call together hold at most what that call can cost.
        if (op.callPrice && created.length > 1) this.trimReservations(created, op.callPrice(created.map((entry) => entry.intent)));
        const check = {
          provider: op.provider,
          origin: options.origin,
          spentToday: await this.spentToday(op.provider),
          held: this.held(op.provider),
          settings,
          confirmedCredits: options.confirmedCredits,
          what: options.what,
          capSetByOrganisation,
          ...(options.origin === 'watch' ? { watch: { spentToday: await this.watchSpentToday(), held: this.heldBy('watch') } } : {}),
        };
        const costOf = (entries: Open[]) => entries.reduce((sum, entry) => sum + entry.intent.reserved, 0);
        let refusal = refuseReservation({ ...check, cost: costOf(created) });
        if (refusal && options.partial) {
          // The longest first part that fits is reserved; the rest is refused with the reason the whole was.
          const whole = refusal;
          // Marked handled here: the caller reads them later (after the lock), and an unread rejection must not crash.
          const refused = () => {
            const rejected = Promise.reject(new SidecarError(whole));
            rejected.catch(() => undefined);
            return rejected;
          };
          while (created.length > 0 && refuseReservation({ ...check, cost: costOf(created) })) {
            created.pop();
            settlements[fresh.pop()!.index] = refused();
          }
          for (const twin of twins) if (!fresh.some((item) => item.index === twin.of)) settlements[twin.index] = refused();
          refusal = undefined;
        }
        if (refusal) throw new SidecarError(refusal);
        if (created.length === 0) return settlements as Promise<Settled<R>>[];
        // An automatic lookup not yet sent dies with the worker (nobody clicked: it must not be sent by a later life);
        // everything else is stored before it can be sent, so a restarted worker finishes what was asked.
        stored = options.origin === 'auto' ? Promise.resolve() : this.writer.write(created.map((entry) => entry.intent as IntentRecord));
        for (const [position, entry] of created.entries()) {
          entry.stored = stored;
          settlements[fresh[position]!.index] = this.wait<R>(entry);
          this.open.set(entry.intent.id, entry);
          this.shared.set(`${op.name}|${entry.intent.shareKey}`, entry.intent.id);
          this.forming.push(entry.intent.id);
        }
        this.scheduleFlush();
        this.openCountChanged();
      }
      for (const { index, of } of twins) settlements[index] ??= settlements[of];
      return settlements as Promise<Settled<R>>[];
    });
    // Reserved means stored: a caller told so can count on a restarted worker to finish it.
    await stored.catch(() => {
      for (const settlement of settlements) settlement.catch(() => undefined);
      throw new SidecarError({ kind: 'internal', message: 'Sidecar could not save this request before sending it: this browser’s storage refused it. Nothing was sent.' });
    });
    return settlements;
  }

  /** Local midnight of the day `at` falls in. */
  private dayOf(at: number): number {
    const day = new Date(at);
    day.setHours(0, 0, 0, 0);
    return day.getTime();
  }

  /** Credits of a provider's pool booked today: read from the ledger when the engine starts, then kept by `book`. */
  private async spentToday(provider: ProviderName): Promise<number> {
    const today = this.dayOf(this.now());
    const known = this.spent.get(provider);
    if (known?.day === today) return known.total;
    if (known) {
      // A new day: everything booked since midnight went through `book`, which starts the new day's count.
      this.spent.set(provider, { day: today, total: 0 });
      return 0;
    }
    const total = await this.options.budget.spentToday(provider, this.now());
    this.spent.set(provider, { day: today, total });
    return total;
  }

  /** Credits booked today for watch intents: read once per life (and day), then kept by `book`. */
  private async watchSpentToday(): Promise<number> {
    const today = this.dayOf(this.now());
    if (this.watchSpent?.day === today) return this.watchSpent.total;
    const total = this.watchSpent ? 0 : ((await this.options.budget.spentTodayBy?.('watch', this.now())) ?? 0);
    this.watchSpent = { day: today, total };
    return total;
  }

  /** Credits watch checks booked today (the options page and the watch view show it). */
  async watchSpentTodayNow(): Promise<number> {
    await this.start();
    return this.watchSpentToday();
  }

  /** The ledger changed behind the engine's back (the user erased it): read it again. */
  async forgetSpent(): Promise<void> {
    this.watchSpent = undefined;
    this.spent.clear();
    for (const provider of ['lusha', 'saber'] as const) await this.spentToday(provider);
  }

  /** One intent: reserved, then its settlement. */
  async submitOne<A, R>(opName: string, request: IntentRequest<A>, options: SubmitOptions): Promise<Settled<R>> {
    const [settlement] = await this.submit<A, R>(opName, [request], options);
    return settlement!;
  }

  /** A request that names a known intent, or shares an open one, joins it. */
  private async join<R>(op: Operation, request: IntentRequest<unknown>): Promise<{ settlement: Promise<Settled<R>> } | undefined> {
    if (request.id !== undefined) {
      const running = this.open.get(request.id);
      if (running) return { settlement: running.intent.state === 'uncertain' ? Promise.reject(failureOf(running.intent as IntentRecord)) : this.wait<R>(running) };
      const stored = await getIntent(request.id);
      if (stored) {
        const succeeded = stored.state === 'settled' && stored.outcome === 'charged' && !stored.error;
        return { settlement: succeeded ? Promise.resolve({ intent: stored }) : Promise.reject(failureOf(stored)) };
      }
    }
    const sharing = this.shared.get(`${op.name}|${op.shareKey(request.args)}`);
    const open = sharing === undefined ? undefined : this.open.get(sharing);
    return open && open.intent.state !== 'uncertain' ? { settlement: this.wait<R>(open) } : undefined;
  }

  private wait<R>(entry: Open): Promise<Settled<R>> {
    return new Promise<Settled<R>>((resolve, reject) => {
      entry.waiters.push({ resolve: resolve as (settled: Settled<unknown>) => void, reject });
    });
  }

  private operation(name: string): Operation {
    const op = this.ops.get(name);
    if (!op) throw new SidecarError({ kind: 'internal', message: 'Sidecar does not know this request.', detail: `unknown operation ${name}` });
    return op;
  }

  /** Credits reserved by the open intents of one origin, both pools. */
  heldBy(origin: Intent['origin']): number {
    let sum = 0;
    for (const { intent } of this.open.values()) if (intent.origin === origin) sum += intent.reserved;
    return sum;
  }

  /** Credits reserved by the open intents of one provider's pool. */
  held(provider: ProviderName): number {
    let sum = 0;
    for (const { intent } of this.open.values()) if (intent.provider === provider) sum += intent.reserved;
    return sum;
  }

  // ---- Forming calls and sending them

  private scheduleFlush(): void {
    if (this.forming.length >= 100) {
      if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.flush();
      return;
    }
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.timers.setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, this.batchWindowMs);
  }

  /** Groups what arrived into calls: by operation, batch key and priority, at most `maxBatch` each. */
  private flush(): void {
    const arrived = this.forming.splice(0).flatMap((id) => this.open.get(id) ?? []);
    void Promise.allSettled(arrived.map((entry) => entry.stored)).then((results) => {
      const failed = arrived.filter((_entry, index) => results[index]?.status === 'rejected');
      if (failed.length > 0) void this.unstored(failed);
      this.group(arrived.filter((_entry, index) => results[index]?.status === 'fulfilled'));
    });
  }

  /** Intents the browser refused to store are not sent: their callers hear why (a failed save is never silent). */
  private async unstored(entries: Open[]): Promise<void> {
    const error: SidecarErrorData = { kind: 'internal', message: 'Sidecar could not save this request before sending it: this browser’s storage refused it. Nothing was sent.' };
    for (const entry of entries) {
      this.open.delete(entry.intent.id);
      this.shared.delete(`${entry.op.name}|${entry.intent.shareKey}`);
      for (const waiter of entry.waiters.splice(0)) waiter.reject(new SidecarError({ ...error, intentId: entry.intent.id }));
    }
    this.openCountChanged();
  }

  private group(arrived: Open[]): void {
    const groups = new Map<string, Open[]>();
    for (const entry of arrived) {
      const waiting = entry.intent.state === 'reserved' || entry.intent.state === 'sent';
      if (this.stopped || !waiting || !this.open.has(entry.intent.id)) continue;
      const { op, intent } = entry;
      const key = `${op.name}|${op.batchKey ? op.batchKey(intent.args) : `solo:${intent.id}`}|${intent.priority}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const group of groups.values()) this.enqueue(group, 0, 0);
    this.pump();
  }

  private enqueue(entries: Open[], notBefore: number, failures: number): void {
    const first = entries[0];
    if (!first) return;
    const size = first.op.maxBatch?.(first.intent.priority) ?? 1;
    for (let start = 0; start < entries.length; start += size) {
      const chunk = entries.slice(start, start + size);
      this.queue.push({ seq: (this.seq += 1), op: first.op, priority: first.intent.priority, ids: chunk.map((entry) => entry.intent.id), notBefore, failures });
    }
  }

  private schedulePump(at: number): void {
    if (at >= this.pumpAt) return;
    if (this.pumpTimer !== undefined) this.timers.clearTimeout(this.pumpTimer);
    this.pumpAt = at;
    this.pumpTimer = this.timers.setTimeout(
      () => {
        this.pumpTimer = undefined;
        this.pumpAt = Infinity;
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
  }

  private groupKey(batch: Batch): string {
    return `${batch.op.name}|${batch.priority}`;
  }

  /** Whether a batch may go now, or the earliest time it may (Infinity: not until something else changes). */
  private readyAt(batch: Batch, t: number): number {
    const { op } = batch;
    if (this.paused.has(op.provider) || this.investigating.has(op.provider)) return Infinity;
    const limit = op.maxInFlight?.(batch.priority);
    if (limit !== undefined && (this.inFlightOfGroup.get(this.groupKey(batch)) ?? 0) >= limit) return Infinity;
    const lane = this.lanes.get(op.lane);
    if (!lane) return t;
    if (lane.inFlight >= (lane.maxInFlight ?? 25)) return Infinity;
    return Math.max(batch.notBefore, lane.limiter.nextSlot(t), lane.quotas.nextSlot(t), lane.heldUntil);
  }

  /** Sends what may go now, best first; schedules itself for when the next may go. */
  private pump(): void {
    if (this.stopped) return;
    const t = this.now();
    if (this.queue.length > 0 && !this.isOnline()) {
      this.schedulePump(t + 1000);
      return;
    }
    const ordered = [...this.queue].sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    let earliest = Infinity;
    for (const batch of ordered) {
      const at = this.readyAt(batch, t);
      if (at > t) {
        earliest = Math.min(earliest, at);
        continue;
      }
      this.dispatch(batch);
    }
    if (earliest < Infinity) this.schedulePump(earliest);
  }

  private dispatch(batch: Batch): void {
    this.queue = this.queue.filter((candidate) => candidate !== batch);
    const entries = batch.ids.map((id) => this.open.get(id)).filter((entry): entry is Open => entry !== undefined && (entry.intent.state === 'reserved' || entry.intent.state === 'sent'));
    if (entries.length === 0) return;
    const lane = this.lanes.get(batch.op.lane);
    if (lane) lane.inFlight += 1;
    const group = this.groupKey(batch);
    const provider = batch.op.provider;
    this.inFlightOfGroup.set(group, (this.inFlightOfGroup.get(group) ?? 0) + 1);
    this.inFlightOfProvider.set(provider, (this.inFlightOfProvider.get(provider) ?? 0) + 1);
    void this.run(batch, entries)
      .catch(() => undefined)
      .finally(() => {
        if (lane) lane.inFlight -= 1;
        this.inFlightOfGroup.set(group, (this.inFlightOfGroup.get(group) ?? 1) - 1);
        this.inFlightOfProvider.set(provider, (this.inFlightOfProvider.get(provider) ?? 1) - 1);
        this.pump();
        this.scheduleInvestigation(provider, 0);
        this.checkIdle();
      });
  }

  private context(): CallContext {
    return { now: this.now(), signal: this.abort.signal };
  }

  /** One call: marked sent (and stored) before it leaves, then answered or failed. */
  private async run(batch: Batch, entries: Open[]): Promise<void> {
    const { op } = batch;
    const intents = () => entries.map((entry) => entry.intent);
    if (op.callPrice) this.trimReservations(entries, op.callPrice(intents()));
    const sentAt = this.now();
    for (const entry of entries) entry.intent = { ...entry.intent, state: 'sent', sentAt, attempts: entry.intent.attempts + 1 };
    if (op.beforeSend) await op.beforeSend(intents(), this.context()).catch(() => undefined);
    await this.writer.write(entries.map((entry) => entry.intent as IntentRecord));
    if (this.stopped) return;
    await this.launchSlot(op.lane);
    if (this.stopped) return;
    let answer: CallAnswer<unknown>;
    try {
      answer = await op.send(intents(), this.context());
    } catch (error) {
      if (this.stopped) return; // a stopped worker records nothing: its successor finds out from storage
      await this.failed(batch, entries, errorDataOf(error, 'Sidecar could not finish this request.'));
      return;
    }
    if (this.stopped) return;
    await this.answered(op, entries, answer);
  }

  /**
   * Waits for the lane to allow one more request and counts it, at the moment it really leaves (after its intents
   * are stored): the provider counts arrivals, so a send time taken earlier would let bursts through. One at a time.
   */
  private launchSlot(laneName: string): Promise<void> {
    const lane = this.lanes.get(laneName);
    if (!lane) return Promise.resolve();
    const launched = lane.gate.then(async () => {
      for (;;) {
        const t = this.now();
        const slot = Math.max(lane.limiter.nextSlot(t), lane.quotas.nextSlot(t), lane.heldUntil);
        if (slot <= t || this.stopped) break;
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, slot - t));
      }
      lane.limiter.record(this.now());
      lane.quotas.record();
      if (lane.persistSendTimes) void this.saveSendTimes(laneName);
    });
    lane.gate = launched.catch(() => undefined);
    return launched;
  }

  /** Several intents in one call hold at most what that call can cost (the rest goes back under the cap). */
  private trimReservations(entries: Open[], callMax: number): void {
    let left = callMax;
    for (const entry of entries) {
      const keep = Math.min(entry.intent.reserved, left);
      left -= keep;
      entry.intent = { ...entry.intent, reserved: keep };
    }
  }

  // ---- Settling

  private async answered(op: Operation, entries: Open[], answer: CallAnswer<unknown>): Promise<void> {
    this.learn(op.lane, answer.quotas);
    const outcomes = entries.map((entry) => ({
      entry,
      outcome: answer.outcomes.get(entry.intent.id) ?? ({ ok: false, error: { kind: 'not-found', message: 'The provider did not answer for this item. Nothing was charged.' } } as ItemOutcome<unknown>),
    }));
    const unpriced = new Set(answer.unpriced ?? []);
    const stored = await this.storeResults(
      op,
      outcomes.map(({ entry, outcome }) => ({ intent: entry.intent, outcome, charged: unpriced.has(entry.intent.id) ? undefined : sumCharges(answer.charges, entry.intent.id) })),
    );
    const records = outcomes.map(({ entry, outcome }) => {
      const charged = sumCharges(answer.charges, entry.intent.id);
      if (unpriced.has(entry.intent.id)) return { ...entry.intent, state: 'uncertain' as const, summary: outcome.summary };
      return settledRecord(entry.intent, stored ? outcome : storeFailure(outcome), (entry.intent.charged ?? 0) + charged, this.now());
    });
    await this.book(op, records, answer.charges);
    for (const [index, { entry, outcome }] of outcomes.entries()) this.finish(entry, records[index]!, outcome.ok ? outcome.value : undefined);
  }

  /** Stores a call's results; a failed save is reported (the charge is still booked), never silent. */
  private async storeResults(op: Operation, settled: { intent: Intent; outcome: ItemOutcome<unknown>; charged?: number }[]): Promise<boolean> {
    if (!op.store) return true;
    try {
      await op.store(settled);
      this.options.onChange?.('data');
      return true;
    } catch {
      return false;
    }
  }

  private async book(op: Operation, records: Intent[], charges: Charge[]): Promise<void> {
    const at = this.now();
    await this.writer.supersede(records.map((record) => record.id));
    await saveIntentsWithCharges(
      records as IntentRecord[],
      charges.map((charge) => ({ ...charge, provider: op.provider, at })),
    );
    const credits = charges.reduce((sum, charge) => sum + Math.max(0, charge.credits), 0);
    if (credits === 0) return;
    const day = this.dayOf(at);
    const watchIds = new Set(records.filter((record) => record.origin === 'watch').map((record) => record.id));
    const watchCredits = charges.reduce((sum, charge) => sum + (watchIds.has(charge.intentId) ? Math.max(0, charge.credits) : 0), 0);
    if (watchCredits > 0 && this.watchSpent) this.watchSpent = this.watchSpent.day === day ? { day, total: this.watchSpent.total + watchCredits } : { day, total: watchCredits };
    const known = this.spent.get(op.provider);
    if (known?.day === day) known.total += credits;
    else if (known) this.spent.set(op.provider, { day, total: credits });
    this.options.onChange?.('credits');
  }

  /** Hands a settled (or now uncertain) intent to its waiters; a settled one leaves the engine. */
  private finish(entry: Open, record: Intent, value: unknown): void {
    entry.intent = record;
    if (record.state === 'settled') {
      this.open.delete(record.id);
      const key = `${entry.op.name}|${record.shareKey}`;
      if (this.shared.get(key) === record.id) this.shared.delete(key);
    }
    const waiters = entry.waiters.splice(0);
    const succeeded = record.state === 'settled' ? record.outcome === 'charged' && !record.error : value !== undefined && !record.error;
    for (const waiter of waiters) {
      if (succeeded) waiter.resolve({ intent: record as IntentRecord, value });
      else waiter.reject(failureOf(record as IntentRecord));
    }
    this.openCountChanged();
  }

  private async failed(batch: Batch, entries: Open[], error: SidecarErrorData): Promise<void> {
    const { op } = batch;
    const t = this.now();
    if (error.kind === 'rate-limited') {
      // Refused before any work: nothing was charged. Back in the queue, after the provider's wait.
      const window = error.reason;
      const lane = this.lanes.get(op.lane);
      if (lane && (window === 'minute' || window === 'hourly' || window === 'daily')) lane.quotas.exhaust(window, error.retryAt, t);
      this.requeue(batch, entries, 'reserved', error);
      return;
    }
    if (pausesProvider(error)) {
      await this.pause(op.provider, error);
      await this.settleAll(op, entries, 'refused', error, this.knownCharges(op, entries, error));
      await this.refuseQueued(op.provider, error);
      return;
    }
    if (error.kind === 'gdpr-blocked' && entries.length > 1) {
      // A provider's refusal of a batch names nobody: ask for each alone (a 451 charges nothing).
      for (const entry of entries) entry.intent = { ...entry.intent, state: 'reserved' };
      for (const entry of entries) this.enqueue([entry], t, batch.failures);
      this.pump();
      return;
    }
    const retryFree = op.repeatIsFree && entries.every((entry) => entry.intent.attempts <= MAX_TRANSIENT_RETRIES);
    if (error.charged !== undefined) {
      // A charged answer Sidecar could not read: the charge is booked now, whatever happens next.
      const charges = this.knownCharges(op, entries, error);
      if (retryFree) {
        for (const entry of entries) entry.intent = { ...entry.intent, charged: (entry.intent.charged ?? 0) + sumCharges(charges, entry.intent.id) };
        await this.book(op, entries.map((entry) => entry.intent), charges);
        this.requeue(batch, entries, 'sent', error);
        return;
      }
      await this.settleAll(op, entries, 'charged', error, charges);
      return;
    }
    if (answerWasLost(error)) {
      if (retryFree) {
        this.requeue(batch, entries, 'sent', error);
        return;
      }
      await this.markUncertain(op, entries, error);
      return;
    }
    if (op.refused) {
      await op.refused(entries.map((entry) => entry.intent), error).catch(() => undefined);
      this.options.onChange?.('data');
    }
    await this.settleAll(op, entries, 'refused', error, []);
    if (stopsJob(error)) await this.stopJobs(entries, error);
  }

  /** The rest of the bulk jobs these intents belong to is refused too: it would be, call after call. */
  private async stopJobs(entries: Open[], error: SidecarErrorData): Promise<void> {
    const jobs = new Set(entries.flatMap((entry) => (entry.intent.jobId === undefined ? [] : [entry.intent.jobId])));
    if (jobs.size === 0) return;
    const rest = [...this.open.values()].filter((entry) => entry.intent.state === 'reserved' && entry.intent.jobId !== undefined && jobs.has(entry.intent.jobId));
    const ids = new Set(rest.map((entry) => entry.intent.id));
    this.queue = this.queue.flatMap((batch) => {
      const left = batch.ids.filter((id) => !ids.has(id));
      return left.length === 0 ? [] : [{ ...batch, ids: left }];
    });
    for (const entry of rest) entry.intent = { ...entry.intent, summary: 'job-stopped' };
    for (const [op, group] of groupByOp(rest)) await this.settleAll(op, group, 'refused', error, []);
  }

  /** Back in the queue after the backoff this failure asks for (a 429 also holds its whole lane). */
  private requeue(batch: Batch, entries: Open[], state: 'reserved' | 'sent', error: SidecarErrorData): void {
    const decision = decideRetry(error.kind === 'rate-limited' ? error : { kind: 'server', message: '' }, Math.min(batch.failures, MAX_TRANSIENT_RETRIES - 1), this.now(), this.random);
    const delay = decision.retry ? decision.delayMs : 1000;
    const lane = this.lanes.get(batch.op.lane);
    if (lane && error.kind === 'rate-limited') lane.heldUntil = Math.max(lane.heldUntil, this.now() + delay);
    for (const entry of entries) entry.intent = { ...entry.intent, state };
    void this.writer.write(entries.map((entry) => entry.intent as IntentRecord)).catch(() => undefined);
    this.enqueue(entries, this.now() + delay, batch.failures + 1);
    this.schedulePump(this.now() + delay);
  }

  /** A known charge of a failed call (`error.charged`), spread over its intents by what each held. */
  private knownCharges(op: Operation, entries: Open[], error: SidecarErrorData): Charge[] {
    let left = error.charged ?? 0;
    const charges: Charge[] = [];
    for (const [index, entry] of entries.entries()) {
      const credits = index === entries.length - 1 ? left : Math.min(left, entry.intent.price);
      left -= credits;
      if (credits > 0) charges.push(chargeFor(op, entry.intent, credits, 'unreadable'));
    }
    return charges;
  }

  private async settleAll(op: Operation, entries: Open[], outcome: NonNullable<IntentRecord['outcome']>, error: SidecarErrorData, charges: Charge[]): Promise<void> {
    const t = this.now();
    const records = entries.map((entry) => {
      const charged = (entry.intent.charged ?? 0) + sumCharges(charges, entry.intent.id);
      return settledRecord(entry.intent, { ok: false, error }, charged, t, outcome === 'charged' && charged === 0 ? 'failed' : outcome);
    });
    await this.book(op, records, charges);
    for (const [index, entry] of entries.entries()) this.finish(entry, records[index]!, undefined);
  }

  /** The answer was lost and a repeat is not free: hold the reservation, tell the caller, find out. */
  private async markUncertain(op: Operation, entries: Open[], error: SidecarErrorData): Promise<void> {
    const records = entries.map((entry) => ({ ...entry.intent, state: 'uncertain' as const, error: { ...error } }));
    await this.writer.write(records as IntentRecord[]);
    for (const [index, entry] of entries.entries()) this.finish(entry, records[index]!, undefined);
    this.scheduleInvestigation(op.provider, 0);
  }

  /** Everything of this provider not yet sent ends with the same refusal: its callers are told, nothing lingers. */
  private async refuseQueued(provider: ProviderName, error: SidecarErrorData): Promise<void> {
    const waiting = [...this.open.values()].filter((entry) => entry.intent.provider === provider && entry.intent.state === 'reserved');
    const ids = new Set(waiting.map((entry) => entry.intent.id));
    this.queue = this.queue.filter((batch) => !batch.ids.some((id) => ids.has(id)));
    // Items of a bulk job were never sent: the job stopped there.
    for (const entry of waiting) if (entry.intent.jobId !== undefined) entry.intent = { ...entry.intent, summary: 'job-stopped' };
    for (const [op, entries] of groupByOp(waiting)) await this.settleAll(op, entries, 'refused', error, []);
  }

  private learn(laneName: string, quotas: QuotaReport | undefined): void {
    const lane = this.lanes.get(laneName);
    if (!lane || !quotas) return;
    for (const window of ['minute', 'hourly', 'daily'] as const) {
      const info = quotas[window];
      if (info) lane.quotas.learn(window, info.remaining, info.resetsAt, this.now());
    }
  }

  // ---- Finding out what happened to lost answers

  private scheduleInvestigation(provider: ProviderName, delayMs: number): void {
    if (this.stopped) return;
    const pending = this.investigateTimers.get(provider);
    if (pending !== undefined) {
      // Something just settled: a later retry is brought forward, a sooner one kept.
      if (delayMs > 0) return;
      this.timers.clearTimeout(pending);
      this.investigateTimers.delete(provider);
    }
    if (![...this.open.values()].some((entry) => entry.intent.provider === provider && entry.intent.state === 'uncertain')) return;
    this.investigateTimers.set(
      provider,
      this.timers.setTimeout(() => {
        this.investigateTimers.delete(provider);
        void this.investigate(provider);
      }, delayMs),
    );
  }

  /**
   * Finds out, for every uncertain intent of a provider, what it was charged (and, when the provider can tell, what
   * it returned). Nothing else of that provider is sent meanwhile, so its own count explains only these.
   */
  async investigate(provider: ProviderName): Promise<void> {
    if (this.stopped || this.investigating.has(provider)) return;
    // The provider's count explains only these while nothing else of it is out or about to go again for free (a
    // lost reveal resent books its lost charge itself): called again when the last call settles.
    if ((this.inFlightOfProvider.get(provider) ?? 0) > 0) return;
    if ([...this.open.values()].some((entry) => entry.intent.provider === provider && entry.intent.state === 'sent')) return;
    const uncertain = [...this.open.values()].filter((entry) => entry.intent.provider === provider && entry.intent.state === 'uncertain' && entry.op.investigate);
    if (uncertain.length === 0) return;
    this.investigating.add(provider);
    let unresolved = false;
    try {
      for (const [investigate, entries] of groupBy(uncertain, (entry) => entry.op.investigate!)) {
        let findings: Findings<unknown>;
        try {
          findings = await investigate(
            entries.map((entry) => entry.intent),
            this.context(),
          );
        } catch {
          unresolved = true;
          continue;
        }
        if (this.stopped) return;
        for (const entry of entries) {
          const found = findings.get(entry.intent.id);
          if (found) await this.settleFound(entry, found);
          else unresolved = true;
        }
      }
    } finally {
      this.investigating.delete(provider);
      if (unresolved) this.scheduleInvestigation(provider, INVESTIGATE_RETRY_MS);
      this.pump();
      this.checkIdle();
    }
  }

  private async settleFound(entry: Open, found: { credits: number; outcome?: ItemOutcome<unknown> }): Promise<void> {
    const { op } = entry;
    const charges = found.credits > 0 ? [chargeFor(op, entry.intent, found.credits, 'reconciled')] : [];
    const charged = (entry.intent.charged ?? 0) + found.credits;
    const error = entry.intent.error as SidecarErrorData | undefined;
    let outcome: ItemOutcome<unknown> = found.outcome ?? { ok: false, error: error ?? { kind: 'internal', message: 'The answer was lost.' } };
    if (found.outcome && !(await this.storeResults(op, [{ intent: entry.intent, outcome: found.outcome, charged }]))) outcome = storeFailure(found.outcome);
    const record = settledRecord(entry.intent, outcome, charged, this.now(), outcome.ok ? 'charged' : charged > 0 ? 'charged' : 'failed');
    await this.book(op, [record], charges);
    this.finish(entry, record, outcome.ok ? outcome.value : undefined);
  }

  // ---- Pauses, cancels, restarts

  private async pause(provider: ProviderName, error: SidecarErrorData): Promise<void> {
    this.paused.set(provider, error);
    await pauseItem(provider).set(error).catch(() => undefined);
    this.options.onChange?.('status');
  }

  /** The user acted (new key, more credits): new clicks may be sent again. Nothing refused earlier is re-sent. */
  async resume(provider: ProviderName): Promise<void> {
    this.paused.delete(provider);
    await pauseItem(provider).remove().catch(() => undefined);
    this.options.onChange?.('status');
    this.pump();
  }

  pausedBy(provider: ProviderName): SidecarErrorData | undefined {
    return this.paused.get(provider);
  }

  /** Cancels what is not yet sent (of a bulk job, or these intents): settled as cancelled, reservations freed. */
  async cancel(filter: { jobId: string } | { ids: string[] }): Promise<number> {
    await this.start();
    const ids = 'ids' in filter ? new Set(filter.ids) : undefined;
    const targets = [...this.open.values()].filter(
      (entry) => entry.intent.state === 'reserved' && (ids ? ids.has(entry.intent.id) : entry.intent.jobId === (filter as { jobId: string }).jobId),
    );
    const cancelled = new Set(targets.map((entry) => entry.intent.id));
    this.queue = this.queue.flatMap((batch) => {
      const rest = batch.ids.filter((id) => !cancelled.has(id));
      return rest.length === 0 ? [] : [{ ...batch, ids: rest }];
    });
    for (const [op, entries] of groupByOp(targets)) await this.settleAll(op, entries, 'cancelled', { kind: 'cancelled', message: 'Cancelled before it was sent.' }, []);
    return targets.length;
  }

  /**
   * Loads what a previous life of the worker left open (once per life; later calls wait for it). Intents never sent
   * are sent now (their click stands, nobody was told otherwise); intents whose answer was lost are sent again only
   * when a repeat is free, and otherwise found out.
   */
  start(): Promise<void> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<void> {
    for (const provider of ['lusha', 'saber'] as const) {
      const pause = await pauseItem(provider).get();
      if (pause) this.paused.set(provider, pause);
      await this.spentToday(provider);
    }
    await this.restoreSendTimes();
    const restartLost: Open[] = [];
    const resend: Open[] = [];
    for (const record of await loadOpenIntents()) {
      if (this.open.has(record.id)) continue;
      const op = this.ops.get(record.op);
      const args = op?.args.safeParse(record.args);
      if (!op || !args?.success) {
        await putIntents([{ ...settledRecord(record, { ok: false, error: { kind: 'internal', message: 'Sidecar no longer knows this request; nothing more was sent.' } }, 0, this.now(), 'failed') } as IntentRecord]);
        continue;
      }
      const entry: Open = { intent: { ...record, args: args.data }, op, waiters: [] };
      this.open.set(record.id, entry);
      if (record.state !== 'uncertain') this.shared.set(`${op.name}|${record.shareKey}`, record.id);
      if (record.state === 'reserved') this.forming.push(record.id);
      if (record.state === 'sent') {
        // Sent again together (a bulk chunk stays one call), as a repeat is free.
        if (op.repeatIsFree) resend.push(entry);
        else restartLost.push(entry);
      }
    }
    for (const [op, entries] of groupByOp(restartLost)) {
      await this.markUncertain(op, entries, { kind: 'network', message: 'Sidecar restarted before the answer arrived.' });
    }
    this.group(resend);
    this.openCountChanged();
    if (this.forming.length > 0) this.scheduleFlush();
    this.pump();
    for (const provider of ['lusha', 'saber'] as const) this.scheduleInvestigation(provider, 0);
  }

  private async restoreSendTimes(): Promise<void> {
    const t = this.now();
    for (const [name, lane] of this.lanes) {
      if (!lane.persistSendTimes) continue;
      const windowMs = lane.windowMs ?? 1000;
      const restored = (await sendTimesItem(name).get()).filter((at) => at > t - 60_000);
      for (const at of restored) lane.limiter.record(at);
      // The previous life may have sent more than it managed to store: let its last window pass first.
      const latest = Math.max(-Infinity, ...restored);
      if (latest > t - windowMs) lane.heldUntil = Math.max(lane.heldUntil, latest + windowMs + 1);
    }
  }

  private async saveSendTimes(laneName: string): Promise<void> {
    const lane = this.lanes.get(laneName);
    const recent = lane && 'recent' in lane.limiter ? (lane.limiter as { recent(now: number): number[] }).recent(this.now()) : undefined;
    if (recent) await sendTimesItem(laneName).set(recent).catch(() => undefined);
  }

  // ---- Free calls, status, lifecycle

  /** A free call (account usage, a balance, a poll) through its rate-limit lane, retried on 429 and transient errors. */
  freeCall<T>(lane: string, call: () => Promise<T>, priority: Priority = 0): Promise<T> {
    return this.free.run(lane, call, priority);
  }

  status(): EngineStatus {
    const paused: EngineStatus['paused'] = {};
    for (const [provider, error] of this.paused) paused[provider] = error;
    let queued = 0;
    let uncertain = 0;
    for (const { intent } of this.open.values()) {
      if (intent.state === 'reserved') queued += 1;
      if (intent.state === 'uncertain') uncertain += 1;
    }
    const inFlight = [...this.inFlightOfProvider.values()].reduce((sum, count) => sum + count, 0);
    return { paused, queued, inFlight, uncertain };
  }

  /** Resolves when nothing is queued, in flight or being found out (intents waiting to be found out later may remain). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    const busy =
      this.investigating.size > 0 ||
      [...this.inFlightOfProvider.values()].some((count) => count > 0) ||
      [...this.open.values()].some((entry) => entry.intent.state === 'reserved' || entry.intent.state === 'sent');
    if (busy) return;
    const waiting = this.idleWaiters.splice(0);
    for (const resolve of waiting) resolve();
  }

  private openCountChanged(): void {
    this.options.onOpenCount?.(this.open.size);
    this.checkIdle();
  }

  /** Stops timers and in-flight work (a stopping worker, tests). What is open stays stored for the next life. */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
    for (const handle of [this.flushTimer, this.pumpTimer, ...this.investigateTimers.values()]) {
      if (handle !== undefined) this.timers.clearTimeout(handle);
    }
    this.investigateTimers.clear();
  }
}

function sumCharges(charges: Charge[], intentId: string): number {
  return charges.reduce((sum, charge) => sum + (charge.intentId === intentId ? charge.credits : 0), 0);
}

/** A charge of `credits` for one intent, as its operation writes it in the ledger. */
export function chargeFor(op: Operation, intent: Intent, credits: number, note?: Charge['note']): Charge {
  const charge: Charge = { ...op.ledger(intent.args), intentId: intent.id, credits };
  if (charge.field === undefined) delete charge.field;
  if (note) charge.note = note;
  return charge;
}

function settledRecord(intent: Intent, outcome: ItemOutcome<unknown>, charged: number, at: number, forced?: NonNullable<IntentRecord['outcome']>): Intent {
  const record: Intent = { ...intent, state: 'settled', reserved: 0, charged, settledAt: at, outcome: forced ?? (outcome.ok ? 'charged' : 'refused') };
  // An outcome that says nothing of its own keeps what was noted before (a job stopped, say).
  if (outcome.summary !== undefined) record.summary = outcome.summary;
  if (outcome.ok) delete record.error;
  else record.error = { ...outcome.error };
  return record;
}

function storeFailure(outcome: ItemOutcome<unknown>): ItemOutcome<unknown> {
  return { ok: false, summary: outcome.summary, error: { kind: 'internal', message: 'Sidecar could not save what was paid for: this browser’s storage refused it. Free some space and try again.' } };
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function groupByOp(entries: Open[]): Map<Operation, Open[]> {
  return groupBy(entries, (entry) => entry.op);
}
