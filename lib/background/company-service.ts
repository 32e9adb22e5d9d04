/**
 * Companies, signals and people at a company (Lusha): previews served from the store when fresh, paid calls priced
 * first and checked with `checkSpend`, every charge booked in the ledger from the provider's `billing`.
 * TODO(helper): implement.
 */
import type { CompanyRevealField } from '../domain/company';
import type { CompanyEntity } from '../domain/page-context';
import type { CompanyView, PeopleRequest, PeopleView, SignalsRequest, SignalsView } from '../messaging/insights';
import type { LushaV3Client } from '../providers/lusha';
import type { BookedSpend } from './lookup-service';
import type { SlidingWindowLimiter } from '../scheduler/rate-limiter';

export interface CompanyServiceDeps {
  /** The Lusha client for the stored key (throws `missing-key` without one). */
  getClient(): Promise<LushaV3Client>;
  /** Books a charge in the ledger and the cached account usage (lookup-service's `bookSpend`). */
  bookSpend(spend: BookedSpend): Promise<void>;
  /** Lusha's 25 requests/second is per account: the engine's limiter, shared. */
  limiter?: SlidingWindowLimiter;
  now?: () => number;
  onChange?: (event: 'dataChanged' | 'creditsChanged') => void;
}

export type CompanyService = ReturnType<typeof createCompanyService>;

export function createCompanyService(deps: CompanyServiceDeps) {
  void deps;
  const todo = (): never => {
    throw new Error('not implemented');
  };
  return {
    lookupCompany: async (entity: CompanyEntity): Promise<CompanyView> => (void entity, todo()),
    revealCompany: async (companyId: string, fields: CompanyRevealField[], confirmedCredits?: number): Promise<CompanyView> =>
      (void [companyId, fields, confirmedCredits], todo()),
    getSignals: async (request: SignalsRequest): Promise<SignalsView> => (void request, todo()),
    findPeople: async (request: PeopleRequest): Promise<PeopleView> => (void request, todo()),
  };
}
