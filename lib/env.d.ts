interface ImportMetaEnv {
  /** Where the background sends Lusha requests (build-time; default https://api.lusha.com). */
  readonly WXT_LUSHA_BASE_URL: string;
  /** Where the background sends Saber requests (build-time; default https://api.saber.app). */
  readonly WXT_SABER_BASE_URL: string;
  /** 'true' in builds against the sandbox (tests, the demo): shorter provider timeouts and the test hooks. */
  readonly WXT_SIDECAR_TEST_BUILD: string;
}
