/**
 * Salesforce CRM client (REST, a session from the OAuth 2.0 web-server flow with PKCE against the org's own
 * External Client App) and its sign-in helpers, in Sidecar's CRM terms. Background-only (it holds the tokens).
 */
export { createSalesforceClient, objectOfId } from './client';
export { duplicateIds, errorEntries, salesforceErrorFromResponse } from './errors';
export {
  authorizeUrl,
  exchangeCode,
  identityIds,
  readAuthorizationRedirect,
  refreshSalesforceToken,
  revokeSalesforceToken,
  salesforceLoginUrl,
  type AuthorizeUrlInput,
  type LoginUrlInput,
  type TokenCallOptions,
} from './oauth';
export { base64Url, codeChallenge, createCodeVerifier, createState } from './pkce';
export { parseSalesforceLimitInfo, SALESFORCE_LIMIT_RETRY_MS } from './rate-limit-headers';
export { soqlString } from './soql';
export { salesforceAppBaseUrl, salesforceRecordUrl } from './to-domain';
export {
  SALESFORCE_API_VERSION,
  SALESFORCE_LOGIN_URL,
  SALESFORCE_SANDBOX_LOGIN_URL,
  SALESFORCE_SCOPES,
  type SalesforceClient,
  type SalesforceClientOptions,
  type SalesforceFieldInfo,
  type SalesforceTokens,
} from './types';
