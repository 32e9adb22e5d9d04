/**
 * HubSpot CRM client (private-app / static-auth token): verify, find, create, update by diff, companies,
 * associations and notes, in Sidecar's CRM terms. Background-only (it holds the token).
 */
export { createHubSpotClient } from './client';
export { existingIdOf, hubspotErrorFromResponse } from './errors';
export { hubspotRetryAt, parseHubSpotRateLimit } from './rate-limit-headers';
export { hubspotApiBaseUrl } from './requests';
export { hubspotRecordUrl } from './to-domain';
export {
  HUBSPOT_ASSOCIATION,
  HUBSPOT_DEFAULT_BASE_URL,
  HUBSPOT_LINKEDIN_PROPERTY,
  HUBSPOT_MAX_FILTER_GROUPS,
  HUBSPOT_REQUIRED_SCOPES,
  type HubSpotApiUsage,
  type HubSpotClient,
  type HubSpotClientOptions,
} from './types';
