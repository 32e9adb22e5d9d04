/**
 * Which hosts each CRM's requests go to, as the match patterns the extension asks permission for when the user
 * connects that CRM (`optional_host_permissions`: nothing is asked at install). A build pointed at the stand-ins
 * (`WXT_HUBSPOT_BASE_URL`, `WXT_PIPEDRIVE_BASE_URL`, `WXT_SALESFORCE_LOGIN_URL`) asks for those hosts instead.
 * Leaf module: no imports.
 */

/** Every host a store build may ask for (the manifest's `optional_host_permissions`). */
export const CRM_OPTIONAL_HOSTS = [
  'https://*.hubapi.com/*',
  'https://*.pipedrive.com/*',
  'https://login.salesforce.com/*',
  'https://test.salesforce.com/*',
  'https://*.my.salesforce.com/*',
] as const;

/** `http://127.0.0.1:8797/x` → `http://127.0.0.1/*` (a match pattern covers every port of a host). */
export function hostPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export interface CrmHostInput {
  crm: 'hubspot' | 'salesforce' | 'pipedrive';
  /** The build-time override of that CRM's host, if any. */
  override?: string;
  /** Salesforce: a My Domain login host (`acme.my.salesforce.com`), or a sandbox org. */
  myDomain?: string;
  sandbox?: boolean;
}

/** The patterns to ask for when connecting `crm`. */
export function crmHostPatterns({ crm, override, myDomain, sandbox }: CrmHostInput): string[] {
  if (override && override.trim() !== '') return [hostPattern(override.trim())];
  switch (crm) {
    case 'hubspot':
      // The API host follows the token's data centre (api.hubapi.com, api-eu1.hubapi.com, …).
      return ['https://*.hubapi.com/*'];
    case 'pipedrive':
      return ['https://*.pipedrive.com/*'];
    case 'salesforce': {
      // The login host signs in; the org's instance (`<domain>.my.salesforce.com`) answers the API.
      const login = myDomain?.trim() ? 'https://*.my.salesforce.com/*' : sandbox ? 'https://test.salesforce.com/*' : 'https://login.salesforce.com/*';
      return [...new Set([login, 'https://*.my.salesforce.com/*'])];
    }
  }
}
