/**
 * Public types of the Saber v1 client. Results are in Sidecar's terms (lib/domain); vendor shapes stay in
 * schemas.ts and never leave this folder.
 */
import type { AnswerType, QuestionSignal, QuestionSignalPage, QuestionStatus, QuestionTemplatePage } from '../../domain/saber-answer';
import type { RateWindow } from '../../domain/credits';
import type { ContactResearch, CreditBalance, EmailFinding, ProspectSearchResult } from '../../domain/saber-prospect';

/** Largest page of the signal lists (company and contact). */
export const SABER_MAX_SIGNAL_PAGE = 25;
/** Largest page of a Sales Navigator contact search. */
export const SABER_MAX_SEARCH_PAGE = 100;
/** Longest question Saber takes. */
export const SABER_MAX_QUESTION_LENGTH = 500;

export interface SaberClientOptions {
  /** The user's Saber key (`sk_live_…`), sent as `Authorization: Bearer`. Never logged, never put in an error. */
  apiKey: string;
  /** e.g. `https://api.saber.app` or the sandbox URL; a trailing slash is ignored. */
  baseUrl: string;
  /** Injected for tests; defaults to the global `fetch` (looked up at call time). */
  fetch?: typeof fetch;
  /** Whole-call budget (request and body) in ms. Default 15000. */
  timeoutMs?: number;
  /** Clock for `fetchedAt`, rate-limit reset times and `retryAt`. Default `Date.now`. */
  now?: () => number;
}

/** What every successful call returns: the mapped data plus the facts of that HTTP exchange. */
export interface SaberCallResult<T> {
  data: T;
  /** HTTP status of the answer: 200, 201 (research started), or 202 (a question taken, still processing). */
  status: number;
  /** `X-Ratelimit-Limit/Remaining/Reset` of this response; `{}` when absent. */
  rateLimit: RateWindow;
  /** An `x-request-id` header, for support. */
  requestId?: string;
}

/** Per-call options. Aborting `signal` rejects with the signal's reason (an `AbortError`), like `fetch` does. */
export interface SaberCallInit {
  signal?: AbortSignal;
}

export type QuestionWeight = 'important' | 'nice_to_have' | 'not_important';

/** What to ask. `question` is required unless `signalTemplateId` names a saved one. */
export interface QuestionOptions {
  question?: string;
  /** Default (Saber's): `open_text`. */
  answerType?: AnswerType;
  /** Required with `answerType: 'json_schema'`. */
  outputSchema?: Record<string, unknown>;
  weight?: QuestionWeight;
  qualificationCriteria?: Record<string, unknown>;
  signalTemplateId?: string;
  /** Skip Saber's 12-hour answer cache (and pay for a fresh answer). */
  forceRefresh?: boolean;
  verificationMode?: 'strict' | 'lenient';
  webhookUrl?: string;
  connectors?: Record<string, unknown>;
}

/** A question about a company; `domain` may be given with a scheme, `www.` or a path: only the host is sent. */
export interface CompanyQuestion extends QuestionOptions {
  domain: string;
}

/** A question about a person, by profile URL (LinkedIn URLs are sent as `https://www.linkedin.com/in/<slug>`). */
export interface ContactQuestion extends QuestionOptions {
  contactProfileUrl: string;
}

/** Filters of `GET /v1/companies/signals`. Dates are RFC 3339 and filter on completion time. */
export interface CompanySignalFilters {
  domain?: string;
  companyId?: string;
  status?: QuestionStatus[];
  fromDate?: string;
  toDate?: string;
  subscriptionId?: string;
  /** 1..25, default 25. */
  limit?: number;
  offset?: number;
}

/** Filters of `GET /v1/contacts/signals`. */
export interface ContactSignalFilters {
  contactProfileUrl?: string;
  /** 1..25, default 25. */
  limit?: number;
  offset?: number;
}

/** Paging of `GET /v1/companies/signals/templates`. */
export interface TemplateFilters {
  limit?: number;
  offset?: number;
  includeDeleted?: boolean;
}

/** `POST /v1/contacts/research`. */
export interface ContactResearchInput {
  firstName: string;
  lastName: string;
  companyName: string;
  companyDomain: string;
  contactProfileUrl?: string;
  linkedInSalesNavigatorUrl?: string;
  jobTitle?: string;
  webhookUrl?: string;
}

/** `POST /v1/contacts/search`: at least one filter. Countries are ISO 3166-1 alpha-2 codes. */
export interface ProspectSearchInput {
  companyLinkedInUrls?: string[];
  firstName?: string;
  lastName?: string;
  jobTitles?: string[];
  keywords?: string;
  countries?: string[];
  /** LinkedIn Sales Navigator function names, e.g. "Sales", "Engineering". */
  departments?: string[];
  /** LinkedIn Sales Navigator seniority names, e.g. "CXO", "Vice President". */
  seniorityLevels?: string[];
  /** 1..100, default 25. */
  limit?: number;
  offset?: number;
}

export interface SaberClient {
  /**
   * `POST /v1/companies/signals`: ask without waiting. The signal comes back `processing` (HTTP 202): poll
   * `getCompanySignal(id)` later (from an alarm), never in a loop that outlives the worker. An answer Saber has
   * cached comes back `completed` at once (HTTP 200). Spends credits.
   */
  createCompanySignal(question: CompanyQuestion, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignal>>;
  /** `GET /v1/companies/signals/{id}`. Free. */
  getCompanySignal(id: string, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignal>>;
  /** `GET /v1/companies/signals`: newest first. Free. */
  listCompanySignals(filters?: CompanySignalFilters, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignalPage>>;
  /** `GET /v1/companies/signals/templates`. Free. */
  listSignalTemplates(filters?: TemplateFilters, init?: SaberCallInit): Promise<SaberCallResult<QuestionTemplatePage>>;

  /** `POST /v1/contacts/signals`: as `createCompanySignal`, about a person. Spends credits. */
  createContactSignal(question: ContactQuestion, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignal>>;
  /** `GET /v1/contacts/signals/{id}`. Free. */
  getContactSignal(id: string, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignal>>;
  /** `GET /v1/contacts/signals`. Free. */
  listContactSignals(filters?: ContactSignalFilters, init?: SaberCallInit): Promise<SaberCallResult<QuestionSignalPage>>;

  /** `POST /v1/contacts/research`: starts an asynchronous job; poll `getContactResearch(id)`. */
  createContactResearch(input: ContactResearchInput, init?: SaberCallInit): Promise<SaberCallResult<ContactResearch>>;
  /** `GET /v1/contacts/research/{id}`. */
  getContactResearch(id: string, init?: SaberCallInit): Promise<SaberCallResult<ContactResearch>>;

  /** `POST /v1/contacts/search` (Sales Navigator). A disconnected Sales Navigator is a result state, not an error. */
  searchContacts(input: ProspectSearchInput, init?: SaberCallInit): Promise<SaberCallResult<ProspectSearchResult>>;
  /** `POST /v1/contacts/find-email` with a 2–3 word full name and the company domain. Not found is a result. */
  findEmail(fullName: string, domain: string, init?: SaberCallInit): Promise<SaberCallResult<EmailFinding>>;
  /** `GET /v1/credits`: the organisation's remaining credits. Free; also the way to validate a key. */
  getCredits(init?: SaberCallInit): Promise<SaberCallResult<CreditBalance>>;
}
