/**
 * Mutable state of the fake Saber: per-account credits, rate-limit buckets, signals, the 12-hour answer cache and
 * contact research jobs. Time is always passed in (epoch ms), so a test clock drives everything.
 */
import type { SaberAccountConfig, SaberRateLimits } from './accounts';
import type { SignalOutcome } from './saber-answers';
import type { SaberAnswerType } from './saber-schemas';

/**
 * A token bucket: `capacity` tokens (the burst), refilled continuously at `perMinute` per minute. A request takes
 * one token; none left → 429.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number | undefined;

  constructor(
    readonly perMinute: number,
    readonly capacity: number,
  ) {
    this.tokens = capacity;
  }

  private refill(now: number): void {
    if (this.updatedAt !== undefined && now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
    }
    this.updatedAt = Math.max(now, this.updatedAt ?? now);
  }

  /** Takes a token at `now`; false (and nothing taken) when the bucket is empty. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole tokens left at `now`. */
  remaining(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }

  /** Milliseconds until one token is available (0 if one is). */
  msUntilToken(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }

  /** Milliseconds until the bucket is full again. */
  msUntilFull(now: number): number {
    this.refill(now);
    return Math.ceil(((this.capacity - this.tokens) * 60_000) / this.perMinute);
  }
}

/** A per-route limit: at most `limit` requests in any `windowMs`. */
export class RouteWindow {
  private stamps: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    this.stamps = this.stamps.filter((t) => t > now - this.windowMs);
  }

  /** Records a request at `now`; false (nothing recorded) when the window is full. */
  take(now: number): boolean {
    this.prune(now);
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(now);
    return true;
  }

  /** Requests left at `now`. */
  remaining(now: number): number {
    this.prune(now);
    return Math.max(0, this.limit - this.stamps.length);
  }

  /** When the oldest request in the window leaves it (epoch ms); `now` when the window is empty. */
  resetAt(now: number): number {
    this.prune(now);
    const oldest = this.stamps[0];
    return oldest === undefined ? now : oldest + this.windowMs;
  }
}

export type SubjectKind = 'company' | 'contact';

/** One signal as the fake keeps it; its public view depends on the time it is looked at. */
export interface SignalRecord {
  id: string;
  seq: number;
  kind: SubjectKind;
  /** The bare domain or the profile URL, as sent. */
  subject: string;
  /** Normalised subject for the cache and filters (domain without `www.`, LinkedIn slug). */
  subjectKey: string;
  /** The dataset company id of the subject (company signals) or of the person's company. */
  companyId?: string;
  question: string;
  answerType: SaberAnswerType;
  weight?: string;
  verificationMode?: string;
  signalTemplateId?: string;
  createdAt: number;
  /** When the signal stops being `processing`. */
  completesAt: number;
  /** When its answer was first produced: `completesAt`, or the original's for a cache hit. The cache TTL runs from here. */
  answeredAt: number;
  outcome: SignalOutcome;
  /** Served from the 12-hour cache. */
  cached: boolean;
  /** Credits this signal cost. */
  charged: number;
}

/** One contact research job. */
export interface ResearchRecord {
  id: string;
  seq: number;
  request: {
    firstName: string;
    lastName: string;
    companyName: string;
    companyDomain: string;
    jobTitle?: string;
    contactProfileUrl?: string;
  };
  externalId?: string;
  externalSource?: string;
  createdAt: number;
  completesAt: number;
  /** Extra fields of the finished job, or the failure. */
  result: { status: 'completed'; details: Record<string, unknown> } | { status: 'failed'; error: string };
}

/** One account's live state. */
export interface SaberAccountState {
  config: SaberAccountConfig;
  creditsUsed: number;
  signalsCreated: number;
  cacheHits: number;
  signals: SignalRecord[];
  research: ResearchRecord[];
  writes: TokenBucket;
  reads: TokenBucket;
  /** Per-route limiters, created on first use. */
  routes: Map<string, RouteWindow>;
}

export function createSaberAccountState(config: SaberAccountConfig): SaberAccountState {
  const limits: SaberRateLimits = config.limits;
  return {
    config,
    creditsUsed: 0,
    signalsCreated: 0,
    cacheHits: 0,
    signals: [],
    research: [],
    writes: new TokenBucket(limits.writePerMinute, limits.writeBurst),
    reads: new TokenBucket(limits.readPerMinute, limits.readBurst),
    routes: new Map(),
  };
}

export function saberCreditsRemaining(account: SaberAccountState): number {
  return Math.max(0, account.config.creditsTotal - account.creditsUsed);
}

/** The cache key of a question: subject, question (case and spacing ignored) and answer type. */
export function cacheKey(kind: SubjectKind, subjectKey: string, question: string, answerType: string): string {
  return `${kind}|${subjectKey}|${question.trim().replace(/\s+/g, ' ').toLowerCase()}|${answerType}`;
}

/**
 * The newest completed answer to the same question answered less than `ttlMs` ago, if any. Failed signals are not
 * cached; a cache hit does not extend the original answer's life.
 */
export function cachedSignal(account: SaberAccountState, key: string, now: number, ttlMs: number): SignalRecord | undefined {
  let best: SignalRecord | undefined;
  for (const record of account.signals) {
    if (record.outcome.status !== 'completed' || record.completesAt > now || now - record.answeredAt >= ttlMs) continue;
    if (cacheKey(record.kind, record.subjectKey, record.question, record.answerType) !== key) continue;
    if (!best || record.answeredAt > best.answeredAt) best = record;
  }
  return best;
}

/** A JSON-friendly summary of an account, for `GET /__sandbox/state`. */
export function saberAccountSummary(account: SaberAccountState): {
  key: string;
  creditsTotal: number;
  creditsUsed: number;
  creditsRemaining: number;
  signalsCreated: number;
  cacheHits: number;
  research: number;
  salesNavConnected: boolean;
  limits: SaberRateLimits;
} {
  return {
    key: account.config.key,
    creditsTotal: account.config.creditsTotal,
    creditsUsed: account.creditsUsed,
    creditsRemaining: saberCreditsRemaining(account),
    signalsCreated: account.signalsCreated,
    cacheHits: account.cacheHits,
    research: account.research.length,
    salesNavConnected: account.config.salesNavConnected,
    limits: { ...account.config.limits },
  };
}
