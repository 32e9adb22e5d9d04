/** Public types of the Pipedrive client. */
import type { CrmCallInit, CrmCallResult, CrmClient } from '../types';

/** Search requests allowed per rolling 2 s on every plan: `findPeople` spends up to three per query. */
export const PIPEDRIVE_SEARCH_BURST = 10;
/** Labels Pipedrive gives emails and phones. */
export const PIPEDRIVE_LABELS = ['work', 'home', 'mobile', 'other'] as const;

export interface PipedriveClientOptions {
  /** The user's personal API token, sent as `x-api-token`. */
  apiToken: string;
  /** `https://<company>.pipedrive.com` (see `pipedriveBaseUrl`); a trailing slash is ignored. */
  baseUrl: string;
  /** The person custom field holding LinkedIn URLs (a 40-character key), from `verify()`; null: none. */
  linkedinFieldKey?: string | null;
  /** The organization custom field holding the company domain, from `verify()`; null: none (found by name only). */
  domainFieldKey?: string | null;
  /** Where record links open, `https://<company>.pipedrive.com`; default `baseUrl`. */
  appBaseUrl?: string;
  fetch?: typeof fetch;
  /** Per request, ms. Default 15000. */
  timeoutMs?: number;
  now?: () => number;
}

export interface PipedriveField {
  key: string;
  name: string;
  type: string;
  custom: boolean;
}

export interface PipedriveClient extends CrmClient {
  readonly crm: 'pipedrive';
  /** `GET /api/v2/personFields` (10 tokens). */
  personFields(init?: CrmCallInit): Promise<CrmCallResult<PipedriveField[]>>;
  /** `GET /api/v1/users`: the company's users (record owners), to name them. */
  listUsers(init?: CrmCallInit): Promise<CrmCallResult<{ id: string; name?: string; email?: string }[]>>;
  /** `GET /api/v2/organizationFields` (10 tokens). */
  organizationFields(init?: CrmCallInit): Promise<CrmCallResult<PipedriveField[]>>;
}
