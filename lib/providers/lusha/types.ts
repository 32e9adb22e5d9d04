/**
 * Public types of the Lusha V3 client. Everything here is in Sidecar's terms (lib/domain); vendor shapes stay in
 * schemas.ts and never leave this folder.
 */
import type { ContactLookupResult, ContactPreview, RevealedData, RevealField } from '../../domain/contact';
import type { AccountUsage, RateWindow } from '../../domain/credits';

/** Lusha's batch limit: every V3 batch endpoint takes 1..100 items. */
export const LUSHA_MAX_BATCH = 100;

export interface LushaClientOptions {
  /** The user's Lusha API key, sent as the `api_key` header. Never logged, never put in an error. */
  apiKey: string;
  /** e.g. `https://api.lusha.com` or the sandbox URL; a trailing slash is ignored. */
  baseUrl: string;
  /** Injected for tests; defaults to the global `fetch` (looked up at call time). */
  fetch?: typeof fetch;
  /** Whole-call budget (request and body) in ms. Default 15000. */
  timeoutMs?: number;
  /** Clock for `fetchedAt`, rate-limit reset times and `retryAt`. Default `Date.now`. */
  now?: () => number;
}

/**
 * One person to look up. Exactly one identifier per item, as Lusha requires: LinkedIn URL, email, Lusha id, or
 * first + last name with a company name or domain. `clientReferenceId` is echoed back on the matching outcome.
 */
export type LushaSearchItem = { clientReferenceId: string } & (
  | { linkedinUrl: string }
  | { email: string }
  | { id: string }
  | { firstName: string; lastName: string; companyName?: string; companyDomain?: string }
);

/** Names of the rate-limit windows Lusha reports. */
export type RateWindowName = 'second' | 'minute' | 'hourly' | 'daily';

/**
 * The rate-limit windows read from one response's headers (any of the three naming schemes Lusha has used).
 * A window is absent when no header described it.
 */
export interface RateLimitSnapshot {
  minute?: RateWindow;
  hourly?: RateWindow;
  daily?: RateWindow;
  /** Per-second burst window (25/s by default); only when a header names it (`…-second`, or `RateLimit-Policy: n;w=1`). */
  second?: RateWindow;
  /**
   * The IETF-draft `RateLimit-Limit/Remaining/Reset` window when the server does not say how long it is
   * (no `RateLimit-Policy` with `w=`). With a policy it is filed under the matching window instead.
   */
  general?: RateWindow;
}

/** What every successful call returns: the mapped data plus billing and rate-limit facts of that call. */
export interface LushaCallResult<T> {
  data: T;
  /** `billing.creditsCharged` from the response; 0 when absent (account usage is free). */
  creditsCharged: number;
  /** `billing.resultsReturned` when Lusha sent it. */
  resultsReturned?: number;
  /** Lusha's `requestId` (body), else an `x-request-id` header, for support and the ledger. */
  requestId?: string;
  rateLimits: RateLimitSnapshot;
}

/** One search result: found with a preview, or a per-item not-found / restricted / failed. */
export type ContactSearchOutcome = { clientReferenceId?: string } & ContactLookupResult;

/**
 * One enrich result. `revealed.revealedAt` is left `{}`: the caller stamps it. `preview` carries the identity
 * fields the enrich response repeats (name, title, company, location); its `has` and `canReveal` are always empty
 * because enrich does not report them, so merge only the identity fields into a cached preview.
 * `message` on failures is Lusha's own text (or its error code), for logs only.
 */
export type ContactEnrichOutcome =
  | { id: string; status: 'revealed'; revealed: RevealedData; preview?: ContactPreview }
  // One member per status (same shape as `status: 'not-found' | 'restricted' | 'failed'`) so `if` chains narrow.
  | { id: string; status: 'not-found'; message?: string }
  | { id: string; status: 'restricted'; message?: string }
  | { id: string; status: 'failed'; message?: string };

/** Per-call options. Aborting `signal` rejects with the signal's reason (an `AbortError`), like `fetch` does. */
export interface LushaCallInit {
  signal?: AbortSignal;
}

export interface LushaClient {
  /** `POST /v3/contacts/search`: 1..100 items; per-item errors come back as outcomes, never as a thrown error. */
  searchContacts(items: LushaSearchItem[], init?: LushaSearchInit): Promise<LushaCallResult<ContactSearchOutcome[]>>;
  /** `POST /v3/contacts/enrich`: reveal `reveal` fields for 1..100 ids from a search. Spends credits. */
  enrichContacts(
    ids: string[],
    reveal: RevealField[],
    init?: LushaCallInit,
  ): Promise<LushaCallResult<ContactEnrichOutcome[]>>;
  /** `GET /v3/account/usage`: credits, plan, rate windows and pricing. Free, but Lusha allows only 5/min. */
  getAccountUsage(init?: LushaCallInit): Promise<LushaCallResult<AccountUsage>>;
}

/** Search options: `includePartialProfiles` also returns people for whom Lusha holds neither email nor phone. */
export interface LushaSearchInit extends LushaCallInit {
  includePartialProfiles?: boolean;
}
