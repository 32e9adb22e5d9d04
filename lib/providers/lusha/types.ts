/**
 * Public types of the Lusha V3 client. Everything here is in Sidecar's terms (lib/domain); vendor shapes stay in
 * schemas.ts and never leave this folder.
 */
import type { Company, CompanyLookupResult, CompanyRevealField } from '../../domain/company';
import type { ContactLookupResult, ContactPreview, RevealedData, RevealField } from '../../domain/contact';
import type { AccountUsage, RateWindow } from '../../domain/credits';
import type { Signal } from '../../domain/signal';

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
  | { id: string; status: 'failed'; message?: string }
  // Lusha's asynchronous enrichment: this person's data comes in a job, read with `getContactsJob` after `retryAfterMs`.
  | { id: string; status: 'pending'; jobId: string; retryAfterMs: number };

/** `GET /v3/contacts/jobs/{jobId}`: where an asynchronous enrichment stands, and its results once complete. */
export interface ContactsJob {
  jobId: string;
  status: 'processing' | 'complete' | 'expired' | 'failed';
  /** Wait this long before reading again (processing). */
  retryAfterMs?: number;
  /** Ids still pending. */
  covers: string[];
  /** Complete: the enriched people (as enrich answers them). */
  outcomes: ContactEnrichOutcome[];
}

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
  /**
   * `GET /v3/contacts/jobs/{jobId}`: an asynchronous enrichment enrich answered with. Reading is free; the job's
   * `billing` says what its results were charged. `reveal` maps the results as the enrich that made it asked.
   */
  getContactsJob(jobId: string, reveal: RevealField[], init?: LushaCallInit): Promise<LushaCallResult<ContactsJob>>;
  /** `GET /v3/account/usage`: credits, plan, rate windows and pricing. Free, but Lusha allows only 5/min. */
  getAccountUsage(init?: LushaCallInit): Promise<LushaCallResult<AccountUsage>>;
}

/** Search options: `includePartialProfiles` also returns people for whom Lusha holds neither email nor phone. */
export interface LushaSearchInit extends LushaCallInit {
  includePartialProfiles?: boolean;
  /** Only people with one of these signals (within the window) come back, each with the `signalTypes` that matched. */
  signals?: LushaSignalFilter<LushaContactSignalType>;
}

// ---------------------------------------------------------------------------------------------------------------
// The rest of V3 (companies, signals, prospecting, buying group). Spec enums are copied verbatim.

/** `signalTypes` of `POST /v3/contacts/signals` (V3ContactSignalsRequest). */
export const LUSHA_CONTACT_SIGNAL_TYPES = ['allSignals', 'promotion', 'companyChange'] as const;
export type LushaContactSignalType = (typeof LUSHA_CONTACT_SIGNAL_TYPES)[number];

/** `signalTypes` of `POST /v3/companies/signals` (V3CompanySignalsRequest): 24 names incl. seven news categories. */
export const LUSHA_COMPANY_SIGNAL_TYPES = [
  'allSignals',
  'linkedinActivityIntent',
  'websiteTrafficDecrease',
  'websiteTrafficIncrease',
  'itSpendIncrease',
  'itSpendDecrease',
  'surgeInHiring',
  'headcountIncrease1m',
  'headcountIncrease3m',
  'headcountIncrease6m',
  'headcountIncrease12m',
  'headcountDecrease1m',
  'headcountDecrease3m',
  'headcountDecrease6m',
  'headcountDecrease12m',
  'surgeInHiringByDepartment',
  'surgeInHiringByLocation',
  'riskNews',
  'commercialActivityNews',
  'corporateStrategyNews',
  'financialEventsNews',
  'peopleNews',
  'marketIntelligenceNews',
  'productActivityNews',
] as const;
export type LushaCompanySignalType = (typeof LUSHA_COMPANY_SIGNAL_TYPES)[number];

/** `personas` of `POST /v3/contacts/buying-group`. */
export const LUSHA_BUYING_GROUP_PERSONAS = ['decision_maker', 'potential_champion', 'end_user'] as const;
export type LushaBuyingGroupPersona = (typeof LUSHA_BUYING_GROUP_PERSONAS)[number];

/** Buying group takes 1..25 companies per call. */
export const LUSHA_MAX_BUYING_GROUP_COMPANIES = 25;

/**
 * Prospecting page sizes we send. The spec allows 10..100, but Lusha's FAQ and other clients use at most 50
 * (docs/providers.md §3.3), so sizes are clamped to 10..50; pages are 0-based, at most 1000.
 */
export const LUSHA_PROSPECTING_PAGE = { minSize: 10, maxSize: 50, defaultSize: 25, maxPage: 1000 } as const;

/** A signal filter for a search: which types, since when (YYYY-MM-DD; Lusha's default is 6 months), how many. */
export interface LushaSignalFilter<T extends string> {
  types: T[];
  startDate?: string;
  /** 1..100 per signal type per entity. */
  maxResultsPerSignal?: number;
}

/** One company to look up: Lusha id, domain or name (at least one), echoed back by `clientReferenceId`. */
export type LushaCompanySearchItem = { clientReferenceId: string } & (
  | { id: string }
  | { domain: string; name?: string }
  | { name: string; domain?: string }
);

export interface LushaCompanySearchInit extends LushaCallInit {
  includePartialProfiles?: boolean;
  signals?: LushaSignalFilter<LushaCompanySignalType>;
}

/** One company search result. */
export type CompanySearchOutcome = { clientReferenceId?: string } & CompanyLookupResult;

/** One company enrich result: the enriched company (only the requested extras set), or a per-item failure. */
export type CompanyEnrichOutcome =
  | { id: string; status: 'enriched'; company: Company }
  | { id: string; status: 'not-found'; message?: string }
  | { id: string; status: 'restricted'; message?: string }
  | { id: string; status: 'failed'; message?: string };

/** A per-item failure inside a 200. */
export type ItemFailure =
  | { status: 'not-found'; message?: string }
  | { status: 'restricted'; message?: string }
  | { status: 'failed'; message?: string };

/** Options of the two signals endpoints. */
export interface LushaSignalsInit extends LushaCallInit {
  /** "YYYY-MM-DD"; Lusha's default window is the last 6 months. */
  startDate?: string;
  /** 1..100 per signal type per entity. */
  maxResultsPerSignal?: number;
}

export interface LushaCompanySignalsInit extends LushaSignalsInit {
  /** Narrows `linkedinActivityIntent` to these intent categories (the values of Lusha's `intentCategories` filter). */
  intentCategories?: string[];
}

/** The signals of one requested entity, or why there are none. Requested ids Lusha left out are 'not-found'. */
export type EntitySignalsOutcome = { id: string } & ({ status: 'found'; signals: Signal[] } | ItemFailure);

export interface SignalsResult {
  /** The window Lusha applied ("YYYY-MM-DD"), when it said. */
  startDate?: string;
  endDate?: string;
  /** One per requested id, in request order. */
  results: EntitySignalsOutcome[];
}

/**
 * Whom to look for. Company filters: `companyDomains` / `companyIds` / `companyNames`. Person filters: job titles
 * (Lusha matches them loosely), seniority ids (see the `seniority` filter values), exact department names,
 * countries (ISO-2), data points that must exist (`work_email`, …), free text. `excludeContactIds` leaves out
 * people already on screen.
 */
export interface ProspectingQuery {
  companyDomains?: string[];
  companyIds?: string[];
  companyNames?: string[];
  jobTitles?: string[];
  seniorityIds?: number[];
  departments?: string[];
  countries?: string[];
  existingDataPoints?: string[];
  /** ≤ 200 characters. */
  searchText?: string;
  excludeContactIds?: string[];
}

export interface ProspectingInit extends LushaCallInit {
  /** 0-based; clamped to 0..1000. */
  page?: number;
  /** Clamped to 10..50 (default 25). */
  size?: number;
  /** Lusha's default is true for prospecting. */
  includePartialProfiles?: boolean;
  /** Leave out do-not-call contacts (403 on plans without it). */
  excludeDnc?: boolean;
}

/** One page of people. `page` and `size` are what was sent unless Lusha said otherwise. */
export interface ProspectingPage {
  results: ContactSearchOutcome[];
  page: number;
  size: number;
  total?: number;
}

/** One company for the buying group: its domain or its Lusha id. */
export type LushaBuyingGroupCompany = { clientReferenceId: string } & ({ domain: string } | { id: string });

export interface BuyingGroupInit extends LushaCallInit {
  personas?: LushaBuyingGroupPersona[];
  /** Most contacts per company (Lusha's default 60). */
  contactsLimit?: number;
  /** 0-based. */
  page?: number;
  /** 10..100 (Lusha's default 100). */
  size?: number;
}

/** One person of a buying group, with the persona roles Lusha assigned and its 0..1 relevance score. */
export type BuyingGroupMember =
  | { status: 'found'; preview: ContactPreview; roles: string[]; score?: number }
  | ItemFailure;

/** The buying group of one requested company, or why there is none. */
export type BuyingGroupOutcome = { clientReferenceId?: string; companyId?: string } & (
  | { status: 'found'; members: BuyingGroupMember[] }
  | ItemFailure
);

export interface BuyingGroupPage {
  results: BuyingGroupOutcome[];
  page?: number;
  size?: number;
  total?: number;
}

/**
 * The whole client: everything `LushaClient` does plus companies, signals, prospecting and buying group.
 * `createLushaClient` returns this; code that needs only person lookups can keep typing `LushaClient`.
 */
export interface LushaV3Client extends LushaClient {
  /** `POST /v3/contacts/signals`: job changes and promotions of 1..100 contacts. Charged per signal returned. */
  getContactSignals(
    ids: string[],
    types: LushaContactSignalType[],
    init?: LushaSignalsInit,
  ): Promise<LushaCallResult<SignalsResult>>;
  /** `POST /v3/companies/search`: 1..100 companies by id, domain or name; previews with what can be revealed. */
  searchCompanies(items: LushaCompanySearchItem[], init?: LushaCompanySearchInit): Promise<LushaCallResult<CompanySearchOutcome[]>>;
  /**
   * `POST /v3/companies/enrich`: full records of 1..100 companies, plus the `reveal` extras (each charged per
   * company). `reveal` is always sent, `[]` meaning "no extras".
   */
  enrichCompanies(
    ids: string[],
    reveal?: CompanyRevealField[],
    init?: LushaCallInit,
  ): Promise<LushaCallResult<CompanyEnrichOutcome[]>>;
  /** `POST /v3/companies/signals`: hiring, head count, traffic, IT spend, news and intent. Charged per signal. */
  getCompanySignals(
    ids: string[],
    types: LushaCompanySignalType[],
    init?: LushaCompanySignalsInit,
  ): Promise<LushaCallResult<SignalsResult>>;
  /** `POST /v3/contacts/prospecting`: people matching company and person filters, one 0-based page at a time. */
  prospectContacts(query: ProspectingQuery, init?: ProspectingInit): Promise<LushaCallResult<ProspectingPage>>;
  /** `POST /v3/contacts/buying-group`: decision makers, champions and end users at 1..25 companies. Charged per contact. */
  getBuyingGroup(companies: LushaBuyingGroupCompany[], init?: BuyingGroupInit): Promise<LushaCallResult<BuyingGroupPage>>;
}
