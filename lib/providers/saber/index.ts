/**
 * Saber v1 provider: a typed client for company and contact signals (questions with typed answers), signal
 * templates, contact research, Sales Navigator contact search, the email finder and credits, returning Sidecar's
 * domain types. Background-only (it holds the API key).
 */
export { createSaberClient } from './client';
export { decodeAnswer, type AnswerIssue, type DecodedAnswer } from './answers';
export { parseRateLimitHeaders, retryAtFor429 } from './rate-limit-headers';
export { normalizeDomain, normalizeProfileUrl } from './requests';
export type { SaberForbiddenReason, SaberRateLimiter } from './errors';
export {
  SABER_MAX_QUESTION_LENGTH,
  SABER_MAX_SEARCH_PAGE,
  SABER_MAX_SIGNAL_PAGE,
  type CompanyQuestion,
  type CompanySignalFilters,
  type ContactQuestion,
  type ContactResearchInput,
  type ContactSignalFilters,
  type ProspectSearchInput,
  type QuestionOptions,
  type QuestionWeight,
  type SaberCallInit,
  type SaberCallResult,
  type SaberClient,
  type SaberClientOptions,
  type TemplateFilters,
} from './types';
