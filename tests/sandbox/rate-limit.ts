/** Request-rate bookkeeping: a sliding window (per second, usage endpoint) and calendar windows (minute/hour/day). */

/** Counts events in the last `windowMs` milliseconds. */
export class SlidingWindow {
  private stamps: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Events still inside the window at `now`. */
  count(now: number): number {
    this.stamps = this.stamps.filter((t) => t > now - this.windowMs);
    return this.stamps.length;
  }

  /** Whether another event at `now` would exceed the limit. */
  isFull(now: number): boolean {
    return this.count(now) >= this.limit;
  }

  /** Records an event at `now`. */
  record(now: number): void {
    this.stamps.push(now);
  }
}

/** A calendar window: counts events since the start of the current minute/hour/UTC day. */
export class CalendarWindow {
  private start = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    public limit: number,
    readonly sizeMs: number,
  ) {}

  private roll(now: number): void {
    const start = Math.floor(now / this.sizeMs) * this.sizeMs;
    if (start !== this.start) {
      this.start = start;
      this.used = 0;
    }
  }

  /** Usage snapshot at `now`, in the shape of `GET /v3/account/usage` `rateLimits.*`. */
  snapshot(now: number): { limit: number; used: number; remaining: number; resetsAt: string } {
    this.roll(now);
    return {
      limit: this.limit,
      used: this.used,
      remaining: Math.max(0, this.limit - this.used),
      resetsAt: new Date(this.start + this.sizeMs).toISOString(),
    };
  }

  /** Whether another event at `now` would exceed the limit. */
  isFull(now: number): boolean {
    this.roll(now);
    return this.used >= this.limit;
  }

  /** Records an event at `now`. */
  record(now: number): void {
    this.roll(now);
    this.used += 1;
  }
}

/** Window sizes in milliseconds. */
export const MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
