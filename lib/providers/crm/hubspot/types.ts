/** Public types of the HubSpot client. */
import type { CrmRecord } from '../../../domain/crm';
import type { CrmCallInit, CrmCallResult, CrmClient } from '../types';

/** The API's default host (contracts.md §2: `WXT_HUBSPOT_BASE_URL` overrides it). */
export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';
/** The contact property HubSpot defines for LinkedIn URLs (docs/crm.md §1.3, third-party evidence). */
export const HUBSPOT_LINKEDIN_PROPERTY = 'hs_linkedin_url';
/** Scopes Sidecar needs: read and write contacts and companies (notes ride on the contact scopes). */
export const HUBSPOT_REQUIRED_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
] as const;
/** HubSpot-defined association type ids (docs/crm.md §1.6). */
export const HUBSPOT_ASSOCIATION = { contactToCompany: 279, noteToContact: 202, noteToCompany: 190 } as const;
/** Filter groups per search request (changelog 2024-08; the spec text still says 6). */
export const HUBSPOT_MAX_FILTER_GROUPS = 5;
/** Filters per search request across all groups. */
export const HUBSPOT_MAX_FILTERS = 25;
/** Values in one `IN` filter Sidecar sends. */
export const HUBSPOT_MAX_IN_VALUES = 100;
/** Results per search page. */
export const HUBSPOT_SEARCH_PAGE = 200;

export interface HubSpotClientOptions {
  /** A private-app or static-auth app token (`pat-na1-…`, `pat-eu1-…`), sent as `Authorization: Bearer`. */
  accessToken: string;
  /** The API host; `hubspotApiBaseUrl(token)` picks the regional one. Trailing slash ignored. */
  baseUrl: string;
  /** Object API version: `v3` (`/crm/v3/objects/…`, default) or date-versioned `2026-03` (`/crm/objects/2026-03/…`). */
  objectsVersion?: 'v3' | '2026-03';
  /** The contact property holding LinkedIn URLs; null: the portal has none (LinkedIn is not searched or written). */
  linkedinProperty?: string | null;
  /** For record links: the account's UI host (`app-eu1.hubspot.com`) and portal id, from `verify()`. */
  uiDomain?: string;
  portalId?: string;
  /** The account's UTC offset (from `verify()`), to date the reset of a DAILY 429. Default 0. */
  utcOffsetMs?: number;
  fetch?: typeof fetch;
  /** Per request, ms. Default 15000. */
  timeoutMs?: number;
  now?: () => number;
}

export interface HubSpotApiUsage {
  limit: number;
  used: number;
  resetsAt?: string;
}

export interface HubSpotClient extends CrmClient {
  readonly crm: 'hubspot';
  /** `GET /crm/v3/objects/contacts/{email}?idProperty=email`: exact, not through the (lagging) search index. */
  getContactByEmail(email: string, init?: CrmCallInit): Promise<CrmCallResult<CrmRecord | null>>;
  /** `GET /crm/v3/owners/{id}` → the owner's name and email (needs `crm.objects.owners.read`). */
  getOwner(id: string, init?: CrmCallInit): Promise<CrmCallResult<{ id: string; name?: string; email?: string }>>;
  /** `GET /crm/v3/properties/contacts/{name}`: whether the portal has the property (null when not). */
  getContactProperty(name: string, init?: CrmCallInit): Promise<CrmCallResult<{ name: string; label: string; readOnly: boolean } | null>>;
  /** `GET /account-info/v3/api-usage/daily/private-apps`. */
  getApiUsage(init?: CrmCallInit): Promise<CrmCallResult<HubSpotApiUsage | null>>;
}
