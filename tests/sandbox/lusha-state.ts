/** Mutable per-account state of the fake Lusha: credits, reveals, search-result counter and rate windows. */
import { PRICING, USAGE_ENDPOINT_LIMIT_PER_MINUTE, type AccountConfig, type PricingEntry } from './accounts';
import type { RevealField } from './lusha-schemas';
import { CalendarWindow, MS, SlidingWindow } from './rate-limit';

/** Billable actions, as reported in `creditsByAction` (`search` is contact search and prospecting). */
export type BillableAction =
  | 'search'
  | 'revealEmail'
  | 'revealPhone'
  | 'companySearch'
  | 'revealCompany'
  | 'revealCompanyField'
  | 'showSignalsContact'
  | 'showSignalsCompany'
  | 'buyingGroupContact';

const NO_CREDITS: Record<BillableAction, number> = {
  search: 0,
  revealEmail: 0,
  revealPhone: 0,
  companySearch: 0,
  revealCompany: 0,
  revealCompanyField: 0,
  showSignalsContact: 0,
  showSignalsCompany: 0,
  buyingGroupContact: 0,
};

/** One account's live state. */
export interface AccountState {
  config: AccountConfig;
  creditsUsed: number;
  creditsByAction: Record<BillableAction, number>;
  /** Successful contact search and prospecting results so far; a credit is due each time this crosses a multiple of 25. */
  searchResults: number;
  /** The same count for company searches. */
  companySearchResults: number;
  /** `${personId}:${field}` for every field this account has revealed. */
  revealed: Set<string>;
  /** `${companyId}:company` (the enrich itself) and `${companyId}:${extra}` for every company reveal. */
  companyRevealed: Set<string>;
  windows: {
    perSecond: SlidingWindow;
    minute: CalendarWindow;
    hourly: CalendarWindow;
    daily: CalendarWindow;
    usageEndpoint: SlidingWindow;
  };
}

/** Fresh state for an account. */
export function createAccountState(config: AccountConfig): AccountState {
  return {
    config,
    creditsUsed: 0,
    creditsByAction: { ...NO_CREDITS },
    searchResults: 0,
    companySearchResults: 0,
    revealed: new Set(),
    companyRevealed: new Set(),
    windows: {
      perSecond: new SlidingWindow(config.limits.perSecond, MS.second),
      minute: new CalendarWindow(config.limits.minute, MS.minute),
      hourly: new CalendarWindow(config.limits.hourly, MS.hour),
      daily: new CalendarWindow(config.limits.daily, MS.day),
      usageEndpoint: new SlidingWindow(USAGE_ENDPOINT_LIMIT_PER_MINUTE, MS.minute),
    },
  };
}

/** Credits left. */
export function creditsRemaining(account: AccountState): number {
  return Math.max(0, account.config.creditsTotal - account.creditsUsed);
}

/** Books `credits` against `action`. */
export function charge(account: AccountState, action: BillableAction, credits: number): void {
  account.creditsUsed += credits;
  account.creditsByAction[action] += credits;
}

const revealKey = (personId: string, field: RevealField): string => `${personId}:${field}`;

/** Whether the account already paid for this person's field. */
export function isRevealed(account: AccountState, personId: string, field: RevealField): boolean {
  return account.revealed.has(revealKey(personId, field));
}

/** Remembers that the account revealed this person's field. */
export function markRevealed(account: AccountState, personId: string, field: RevealField): void {
  account.revealed.add(revealKey(personId, field));
}

/** The revealed fields as a list. */
export function revealedList(account: AccountState): { personId: string; field: RevealField }[] {
  return [...account.revealed].map((key) => {
    const [personId = '', field] = key.split(':');
    return { personId, field: field === 'phones' ? 'phones' : 'emails' };
  });
}

/** Reveal price of a field, per the pricing table. */
export function revealPrice(field: RevealField): PricingEntry {
  return field === 'emails' ? PRICING.revealEmail : PRICING.revealPhone;
}

/** Credits due when `newResults` successful results are added to the running contact (or company) search count. */
export function searchCharge(account: AccountState, newResults: number, kind: 'contacts' | 'companies' = 'contacts'): number {
  const { credits, perQuantity } = kind === 'contacts' ? PRICING.contactSearch : PRICING.companySearch;
  const count = kind === 'contacts' ? account.searchResults : account.companySearchResults;
  const before = Math.floor(count / perQuantity);
  const after = Math.floor((count + newResults) / perQuantity);
  return (after - before) * credits;
}

/** Books `newResults` search results (after `searchCharge` said what they cost). */
export function countSearchResults(account: AccountState, newResults: number, kind: 'contacts' | 'companies' = 'contacts'): void {
  if (kind === 'contacts') account.searchResults += newResults;
  else account.companySearchResults += newResults;
}

/** What a company reveal is remembered as: `company` for the enrich itself, else the extra's name. */
export type CompanyRevealKey = 'company' | string;

/** Whether the account already paid for this company (or this extra of it). */
export function isCompanyRevealed(account: AccountState, companyId: string, key: CompanyRevealKey): boolean {
  return account.companyRevealed.has(`${companyId}:${key}`);
}

/** Remembers that the account paid for this company (or this extra of it). */
export function markCompanyRevealed(account: AccountState, companyId: string, key: CompanyRevealKey): void {
  account.companyRevealed.add(`${companyId}:${key}`);
}

/** A JSON-friendly summary of an account, for `GET /__sandbox/state`. */
export function accountSummary(account: AccountState): {
  key: string;
  creditsTotal: number;
  creditsUsed: number;
  creditsRemaining: number;
  creditsByAction: Record<BillableAction, number>;
  searchResults: number;
  companySearchResults: number;
  revealed: { personId: string; field: RevealField }[];
  companyRevealed: { companyId: string; field: string }[];
  limits: AccountConfig['limits'];
} {
  return {
    key: account.config.key,
    creditsTotal: account.config.creditsTotal,
    creditsUsed: account.creditsUsed,
    creditsRemaining: creditsRemaining(account),
    creditsByAction: { ...account.creditsByAction },
    searchResults: account.searchResults,
    companySearchResults: account.companySearchResults,
    revealed: revealedList(account),
    companyRevealed: [...account.companyRevealed].map((key) => {
      const [companyId = '', field = ''] = key.split(':');
      return { companyId, field };
    }),
    limits: { ...account.config.limits },
  };
}
