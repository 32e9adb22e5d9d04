/** Public types of the Salesforce client and its OAuth helpers. */
import type { CrmCallInit, CrmCallResult, CrmClient } from '../types';

/** Production and Developer Edition orgs sign in here (contracts.md §2: `WXT_SALESFORCE_LOGIN_URL` overrides it). */
export const SALESFORCE_LOGIN_URL = 'https://login.salesforce.com';
/** Sandbox orgs sign in here. */
export const SALESFORCE_SANDBOX_LOGIN_URL = 'https://test.salesforce.com';
/** The REST API version Sidecar pins (Spring '26); `verify()` checks the org serves it. */
export const SALESFORCE_API_VERSION = '66.0';
/** OAuth scopes Sidecar asks for: REST access and a refresh token. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;
/** Person queries per composite call (one Contact and one Lead SOQL subrequest each holding all of them). */
export const SALESFORCE_MAX_QUERIES = 50;

export interface SalesforceClientOptions {
  /** The current access token (`Authorization: Bearer`). It expires with the org's session timeout: refresh it. */
  accessToken: string;
  /** `instance_url` from the token response, e.g. `https://acme.my.salesforce.com`. */
  instanceUrl: string;
  /** Default `66.0`. */
  apiVersion?: string;
  /** The Contact/Lead field holding LinkedIn URLs (custom, e.g. `LinkedIn_URL__c`), from `verify()`; null: none. */
  linkedinField?: string | null;
  /** Where record links open; default: the Lightning host of `instanceUrl` (or `instanceUrl` itself). */
  appBaseUrl?: string;
  fetch?: typeof fetch;
  /** Per request, ms. Default 15000. */
  timeoutMs?: number;
  now?: () => number;
}

/** The result of a code exchange or refresh, in Sidecar's terms. */
export interface SalesforceTokens {
  accessToken: string;
  /** Absent on a refresh unless the org rotates refresh tokens: keep the one you have then. */
  refreshToken?: string;
  instanceUrl: string;
  /** `https://login.salesforce.com/id/<orgId>/<userId>`. */
  identityUrl: string;
  orgId?: string;
  userId?: string;
  scope: string[];
  /** Epoch ms. Salesforce sends no `expires_in`: the session timeout is the org's. */
  issuedAt: number;
}

export interface SalesforceFieldInfo {
  name: string;
  label: string;
  type: string;
  length: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
}

export interface SalesforceClient extends CrmClient {
  readonly crm: 'salesforce';
  /** `GET /sobjects/{object}/describe`: the fields (name, label, type, length, createable, updateable). */
  describe(object: 'Contact' | 'Lead' | 'Account', init?: CrmCallInit): Promise<CrmCallResult<SalesforceFieldInfo[]>>;
  /** `GET /limits` → the org's daily API allocation (needs "View Setup and Configuration"). */
  getLimits(init?: CrmCallInit): Promise<CrmCallResult<{ max: number; remaining: number }>>;
}
