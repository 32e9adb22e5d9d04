/**
 * The engine's vocabulary. A *paid intent* is one thing the user asked for that can cost credits (a reveal, a search,
 * a company's extras, a Saber question), with one persisted lifecycle:
 *
 *   reserved (priced, checked and held against the cap) → sent → settled (charged | refused | failed | cancelled)
 *                                                             ↘ uncertain (the answer was lost) → found out → settled
 *
 * An *operation* says how intents of one kind become provider calls: which rate-limit lane they use, which of them
 * share a call, how the call is sent and its charge attributed, whether a repeat is free, how a lost answer is found
 * out, and where the results are stored. The engine itself knows no provider.
 */
import type { z } from 'zod';
import type { LedgerEntry } from '../domain/credits';
import type { SidecarErrorData } from '../domain/errors';
import type { IntentRecord } from '../store/db';

export type ProviderName = IntentRecord['provider'];
/** 0: the page in front of the user; 1: bulk work. */
export type Priority = 0 | 1;
/**
 * Who asked: a click that showed the price; an automatic lookup (allowed by the user's "look up automatically"
 * setting); one item of a bulk job whose total was confirmed; a watchlist check (its own budget).
 */
export type Origin = IntentRecord['origin'];

export type Intent<A = unknown> = Omit<IntentRecord, 'args'> & { args: A };

/** What one intent got from a call: a value, or an error that ends it. `summary` is kept on the record. */
export type ItemOutcome<R> = { ok: true; value: R; summary?: string } | { ok: false; error: SidecarErrorData; summary?: string };

/** One charge to book in the ledger, for one intent. */
export interface Charge {
  intentId: string;
  action: LedgerEntry['action'];
  entityId: string;
  field?: string;
  credits: number;
  requestId?: string;
  note?: LedgerEntry['note'];
}

/** What a provider said about its quota windows (requests left, when each resets). */
export type QuotaReport = Partial<Record<'minute' | 'hourly' | 'daily', { remaining?: number; resetsAt?: number }>>;

export interface CallAnswer<R> {
  /** By intent id. An intent the answer does not mention ends as "no answer for it" (refused, nothing charged). */
  outcomes: Map<string, ItemOutcome<R>>;
  /** Everything the call was charged, attributed to its intents. */
  charges: Charge[];
  /** Intents whose outcome is known but whose charge the answer does not tell: found out later. */
  unpriced?: string[];
  quotas?: QuotaReport;
}

/**
 * What finding out about intents whose answer was lost learnt, by intent id (missing: not known yet): the credits
 * each was charged (0 when it was not), and its outcome when the provider can still tell it.
 */
export type Findings<R> = Map<string, { credits: number; outcome?: ItemOutcome<R> }>;

export interface CallContext {
  now: number;
  /** Aborted when the engine stops (a stopping worker must not book anything). */
  signal: AbortSignal;
}

export interface Operation<A = unknown, R = unknown> {
  readonly name: string;
  readonly provider: ProviderName;
  /** The rate-limit lane its calls count in. */
  readonly lane: string;
  /** Persisted args are validated with this when loaded again. */
  readonly args: z.ZodType<A>;
  /**
   * Whether sending the same call again costs nothing when the first one was charged (Lusha: a datum already revealed
   * costs 0). Only then is a call whose answer was lost retried on its own.
   */
  readonly repeatIsFree: boolean;
  /** Intents with the same share key, open at once, are one intent: one call, one charge, every caller answered. */
  shareKey(args: A): string;
  /** How a charge for these args is written in the ledger. */
  ledger(args: A): Pick<Charge, 'action' | 'entityId' | 'field'>;
  /** Intents with the same batch key may share one call (up to `maxBatch`). Without it, each goes alone. */
  batchKey?(args: A): string;
  maxBatch?(priority: Priority): number;
  /** Calls of this operation in flight at once, per priority (bulk work one at a time, so a cancel stops it soon). */
  maxInFlight?(priority: Priority): number;
  /** The most one call of these intents can cost; their reservations shrink to it when they share a call. */
  callPrice?(intents: Intent<A>[]): number;
  /** Runs before the call leaves (its result is stored with the intents before sending), e.g. reading a balance. */
  beforeSend?(intents: Intent<A>[], context: CallContext): Promise<void>;
  /** Sends one call. A failure of the whole call throws a SidecarError (its `charged`, when the answer says). */
  send(intents: Intent<A>[], context: CallContext): Promise<CallAnswer<R>>;
  /**
   * Finds out what happened to calls whose answer was lost (account usage, a list of what was created). Operations
   * that share one function are found out together.
   */
  investigate?(intents: Intent<A>[], context: CallContext): Promise<Findings<R>>;
  /** Notes a refusal of the whole call that says something about its subjects (a GDPR refusal, say). */
  refused?(intents: Intent<A>[], error: SidecarErrorData): Promise<void>;
  /** Stores what a call brought, whether or not anyone still waits for it. Runs before the charges are booked. */
  store?(settled: { intent: Intent<A>; outcome: ItemOutcome<R>; charged?: number }[]): Promise<void>;
}

/** One thing to pay for, as a service submits it. */
export interface IntentRequest<A> {
  args: A;
  /** The most it may cost (the account's price). */
  price: number;
  /** Its id: the click's own (a panel that lost its answer asks again with the same id and joins it). */
  id?: string;
  memo?: unknown;
}

export interface SubmitOptions {
  origin: Origin;
  priority?: Priority;
  /** The credits the user agreed to for all of them (from the confirmation). */
  confirmedCredits?: number;
  /** What it buys, for the messages: "Revealing this email". */
  what: string;
  jobId?: string;
  /**
   * Reserve the longest first part of the requests that the rules allow and refuse the rest (their settlements
   * reject with the refusal), instead of refusing them all. A watch check stops so at its budget.
   */
  partial?: boolean;
}

/** A settled intent as its caller gets it: the record and, when this life of the worker has it, the value. */
export interface Settled<R> {
  intent: IntentRecord;
  value?: R;
}
