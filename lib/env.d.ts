interface ImportMetaEnv {
  /** Where the background sends Lusha requests (build-time; default https://api.lusha.com). */
  readonly WXT_LUSHA_BASE_URL: string;
  /** Where the background sends Saber requests (build-time; default https://api.saber.app). */
  readonly WXT_SABER_BASE_URL: string;
  /** Where HubSpot requests go instead of the token's API host (build-time; '' = https://api.hubapi.com / api-eu1…). */
  readonly WXT_HUBSPOT_BASE_URL: string;
  /** Replaces the company's `https://<company>.pipedrive.com` (build-time; '' = the company's own host). */
  readonly WXT_PIPEDRIVE_BASE_URL: string;
  /** Where Salesforce sign-in starts (build-time; '' = https://login.salesforce.com, test.… or My Domain). */
  readonly WXT_SALESFORCE_LOGIN_URL: string;
  /** 'true' in builds against the sandbox (tests, the demo): shorter provider timeouts and the test hooks. */
  readonly WXT_SIDECAR_TEST_BUILD: string;
}
