/**
 * Rate limits as the providers enforce them. A sliding window (Lusha: 25 requests in any 1 s) rather than a
 * refilling bucket: a bucket lets a full burst plus its refill into one window, which the provider answers with 429.
 */
export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly sent: number[] = [];

  constructor(private readonly options: SlidingWindowOptions) {}

  /** The earliest time (epoch ms, ≥ now) at which one more request may be sent. */
  nextSlot(now: number): number {
    this.prune(now);
    if (this.sent.length < this.options.limit) return now;
    // The oldest send in the window must have left it (strictly) before another may go.
    return this.sent[this.sent.length - this.options.limit]! + this.options.windowMs + 1;
  }

  /** Records a send at `at`. */
  record(at: number): void {
    let index = this.sent.length;
    while (index > 0 && this.sent[index - 1]! > at) index -= 1;
    this.sent.splice(index, 0, at);
  }

  /** The sends still inside the window (to persist across worker restarts). */
  recent(now: number): number[] {
    this.prune(now);
    return [...this.sent];
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.options.windowMs - 1) this.sent.shift();
  }
}

export type QuotaWindowName = 'minute' | 'hourly' | 'daily';

const WINDOW_MS: Record<QuotaWindowName, number> = { minute: 60_000, hourly: 3_600_000, daily: 86_400_000 };

/** When a calendar window that contains `now` ends (UTC boundaries, as the providers count them). */
export function windowEnd(window: QuotaWindowName, now: number): number {
  const size = WINDOW_MS[window];
  return Math.floor(now / size) * size + size;
}

interface QuotaState {
  remaining: number;
  /** Requests sent since `remaining` was learnt. */
  sentSince: number;
  resetsAt: number;
}

/**
 * Per-minute / hour / day quotas learnt from response headers. A spent window holds requests until its reset instead
 * of sending requests that would fail.
 */
export class QuotaGate {
  private readonly windows = new Map<QuotaWindowName, QuotaState>();

  /** Learns from a response's headers (requests left, optional reset time). */
  learn(window: QuotaWindowName, remaining: number | undefined, resetsAt: number | undefined, now: number): void {
    if (remaining === undefined || !Number.isFinite(remaining)) return;
    this.windows.set(window, { remaining, sentSince: 0, resetsAt: resetsAt && resetsAt > now ? resetsAt : windowEnd(window, now) });
  }

  /** Marks a window spent (e.g. a 429 that named it). */
  exhaust(window: QuotaWindowName, resetsAt: number | undefined, now: number): void {
    this.windows.set(window, { remaining: 0, sentSince: 0, resetsAt: resetsAt && resetsAt > now ? resetsAt : windowEnd(window, now) });
  }

  record(): void {
    for (const state of this.windows.values()) state.sentSince += 1;
  }

  /** The earliest time a request may go as far as the quotas know. */
  nextSlot(now: number): number {
    let at = now;
    for (const [name, state] of this.windows) {
      if (state.resetsAt <= now) {
        this.windows.delete(name);
        continue;
      }
      if (state.remaining - state.sentSince <= 0) at = Math.max(at, state.resetsAt);
    }
    return at;
  }
}

export interface TokenBucketOptions {
  /** Requests that may go at once (the burst). */
  capacity: number;
  /** Sustained rate: requests per `perMs`. */
  refill: number;
  perMs: number;
}

/** A refilling bucket, for limits documented as a rate with a burst (Saber: writes 2,000/min, burst 400). */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number | undefined;

  constructor(private readonly options: TokenBucketOptions) {
    this.tokens = options.capacity;
  }

  private refillTo(now: number): void {
    if (this.updatedAt !== undefined) {
      this.tokens = Math.min(this.options.capacity, this.tokens + ((now - this.updatedAt) * this.options.refill) / this.options.perMs);
    }
    this.updatedAt = now;
  }

  nextSlot(now: number): number {
    this.refillTo(now);
    if (this.tokens >= 1) return now;
    return now + Math.ceil(((1 - this.tokens) * this.options.perMs) / this.options.refill);
  }

  record(at: number): void {
    this.refillTo(at);
    this.tokens -= 1;
  }
}

/** What a limiter looks like to a queue: when may the next request go, and note that one went. */
export interface Limiter {
  nextSlot(now: number): number;
  record(at: number): void;
}
