/**
 * Lusha V3 provider: a typed client for contacts, companies, signals, prospecting, buying group and account
 * usage, returning Sidecar's domain types. Background-only (it holds the API key). What the client
 * covers of the spec, and what it leaves out on purpose, is in COVERAGE.md.
 */
export { createLushaClient } from './client';
export { parseRateLimitHeaders } from './rate-limit-headers';
export { classifySignalType } from './to-signal';
export type { LushaForbiddenReason } from './errors';
export {
  LUSHA_BUYING_GROUP_PERSONAS,
  LUSHA_COMPANY_SIGNAL_TYPES,
  LUSHA_CONTACT_SIGNAL_TYPES,
  LUSHA_MAX_BATCH,
  LUSHA_MAX_BUYING_GROUP_COMPANIES,
  LUSHA_PROSPECTING_PAGE,
  type BuyingGroupInit,
  type BuyingGroupMember,
  type BuyingGroupOutcome,
  type BuyingGroupPage,
  type CompanyEnrichOutcome,
  type CompanySearchOutcome,
  type ContactEnrichOutcome,
  type ContactSearchOutcome,
  type EntitySignalsOutcome,
  type ItemFailure,
  type LushaBuyingGroupCompany,
  type LushaBuyingGroupPersona,
  type LushaCallInit,
  type LushaCallResult,
  type LushaClient,
  type LushaClientOptions,
  type LushaCompanySearchInit,
  type LushaCompanySearchItem,
  type LushaCompanySignalsInit,
  type LushaCompanySignalType,
  type LushaContactSignalType,
  type LushaSearchInit,
  type LushaSearchItem,
  type LushaSignalFilter,
  type LushaSignalsInit,
  type LushaV3Client,
  type ProspectingInit,
  type ProspectingPage,
  type ProspectingQuery,
  type RateLimitSnapshot,
  type RateWindowName,
  type SignalsResult,
} from './types';
