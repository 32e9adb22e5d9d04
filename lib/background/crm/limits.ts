/**
 * Each CRM's rate limits as free-call lanes of the engine (`engine.freeCall`), one per limit the CRM documents, and
 * the holds a CRM's refusal puts on them. They differ in kind (docs/crm.md §0.5):
 * - HubSpot: a burst window per token (100 requests per rolling 10 s on the smallest plans), search apart at 4 a
 *   second, and a daily allowance (429 `DAILY`, until midnight in the account's time zone);
 * - Salesforce: no burst limit, a rolling 24-hour allocation for the whole org (403 `REQUEST_LIMIT_EXCEEDED`);
 * - Pipedrive: a 2-second burst per token (20 on the smallest plan), search 10 per 2 s on every plan, a daily token
 *   budget for the company; 429s ignored turn into a Cloudflare block (403 HTML) for a minute.
 * Every HTTP request a CRM client sends takes one slot of its lane (the client's `fetch` goes through the lane), so a
 * client operation of several requests (an update reads, then writes) is paced request by request. A 429 (or its
 * equivalent) holds every lane of that CRM until the time the CRM gave: nothing is sent meanwhile, so a Pipedrive
 * token never reaches Cloudflare's block by Sidecar's doing.
 */
import type { CrmName } from '../../domain/crm';
import { SlidingWindowLimiter, type Limiter } from '../../engine/limits';
import type { LaneConfig } from '../../engine/engine';

export const CRM_LANES = {
  hubspot: 'crm-hubspot',
  hubspotSearch: 'crm-hubspot-search',
  salesforce: 'crm-salesforce',
  pipedrive: 'crm-pipedrive',
  pipedriveSearch: 'crm-pipedrive-search',
} as const;

/**
 * The documented limits (the smallest plan's where they differ by plan), each window a tenth longer: a request is
 * counted here when it leaves and there when it arrives, and a late arrival must not make a full window overflow.
 */
export const CRM_LIMITS = {
  hubspot: { limit: 100, windowMs: 11_000 },
  hubspotSearch: { limit: 4, windowMs: 1_100 },
  // Salesforce documents no burst limit for short calls; Sidecar keeps to a modest pace of its own.
  salesforce: { limit: 25, windowMs: 1_000 },
  pipedrive: { limit: 20, windowMs: 2_200 },
  pipedriveSearch: { limit: 10, windowMs: 2_200 },
} as const;

/** A limiter that a CRM's refusal can hold shut until a given time. */
export class HoldableLimiter implements Limiter {
  private heldUntil = 0;

  constructor(private readonly inner: Limiter) {}

  nextSlot(now: number): number {
    return Math.max(this.inner.nextSlot(now), this.heldUntil);
  }

  record(at: number): void {
    this.inner.record(at);
  }

  hold(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, until);
  }

  held(): number {
    return this.heldUntil;
  }

  release(): void {
    this.heldUntil = 0;
  }
}

export interface CrmLimits {
  /** The engine's lanes for the CRMs (registered with the others in wiring.ts). */
  lanes: Record<string, LaneConfig>;
  /** The lane one request takes. */
  laneOf(crm: CrmName, url: string, method: string): string;
  /** Holds every lane of `crm` until `until` (epoch ms). */
  hold(crm: CrmName, until: number): void;
  /** Until when `crm` is held (0 when it is not). */
  heldUntil(crm: CrmName): number;
  /** Lifts a hold (the user reconnected, say). */
  release(crm: CrmName): void;
}

export function createCrmLimits(overrides: Partial<Record<keyof typeof CRM_LIMITS, { limit: number; windowMs: number }>> = {}): CrmLimits {
  const limiters = Object.fromEntries(
    (Object.keys(CRM_LANES) as (keyof typeof CRM_LANES)[]).map((key) => [key, new HoldableLimiter(new SlidingWindowLimiter(overrides[key] ?? CRM_LIMITS[key]))]),
  ) as Record<keyof typeof CRM_LANES, HoldableLimiter>;
  const ofCrm: Record<CrmName, HoldableLimiter[]> = {
    hubspot: [limiters.hubspot, limiters.hubspotSearch],
    salesforce: [limiters.salesforce],
    pipedrive: [limiters.pipedrive, limiters.pipedriveSearch],
  };
  return {
    lanes: Object.fromEntries((Object.keys(CRM_LANES) as (keyof typeof CRM_LANES)[]).map((key) => [CRM_LANES[key], { limiter: limiters[key], maxInFlight: 10 }])),
    laneOf(crm, url, method) {
      const path = new URL(url).pathname;
      if (crm === 'hubspot') return method === 'POST' && /\/search\/?$/.test(path) ? CRM_LANES.hubspotSearch : CRM_LANES.hubspot;
      if (crm === 'pipedrive') return /\/search\/?$|\/itemSearch\/?$/.test(path) ? CRM_LANES.pipedriveSearch : CRM_LANES.pipedrive;
      return CRM_LANES.salesforce;
    },
    hold(crm, until) {
      for (const limiter of ofCrm[crm]) limiter.hold(until);
    },
    heldUntil(crm) {
      return Math.max(...ofCrm[crm].map((limiter) => limiter.held()));
    },
    release(crm) {
      for (const limiter of ofCrm[crm]) limiter.release();
    },
  };
}
