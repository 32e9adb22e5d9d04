import { defineConfig } from 'wxt';
import { SIDECAR_GECKO_ID, SIDECAR_PUBLIC_KEY } from './lib/extension-key';
import { CRM_OPTIONAL_HOSTS } from './lib/domain/crm-hosts';

const DEFAULT_LUSHA_BASE_URL = 'https://api.lusha.com';
const DEFAULT_SABER_BASE_URL = 'https://api.saber.app';

/** Turns a base URL into the match pattern `host_permissions` needs (any port on that host). */
function hostPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

const lushaBaseUrl = process.env.WXT_LUSHA_BASE_URL || DEFAULT_LUSHA_BASE_URL;
const saberBaseUrl = process.env.WXT_SABER_BASE_URL || DEFAULT_SABER_BASE_URL;
// Where CRM requests go when a build points at stand-ins; unset, each CRM's own hosts (asked for on connect).
const crmOverrides = [process.env.WXT_HUBSPOT_BASE_URL, process.env.WXT_PIPEDRIVE_BASE_URL, process.env.WXT_SALESFORCE_LOGIN_URL].filter(
  (url): url is string => typeof url === 'string' && url.trim() !== '',
);

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  imports: false,
  // Tests, the demo and the benchmark build against the sandbox into their own folder, so that
  // `.output/chrome-mv3` is always the real build.
  outDir: process.env.SIDECAR_OUT_DIR || '.output',
  vite: () => ({
    define: {
      'import.meta.env.WXT_LUSHA_BASE_URL': JSON.stringify(lushaBaseUrl),
      'import.meta.env.WXT_SABER_BASE_URL': JSON.stringify(saberBaseUrl),
      'import.meta.env.WXT_HUBSPOT_BASE_URL': JSON.stringify(process.env.WXT_HUBSPOT_BASE_URL ?? ''),
      'import.meta.env.WXT_PIPEDRIVE_BASE_URL': JSON.stringify(process.env.WXT_PIPEDRIVE_BASE_URL ?? ''),
      'import.meta.env.WXT_SALESFORCE_LOGIN_URL': JSON.stringify(process.env.WXT_SALESFORCE_LOGIN_URL ?? ''),
      'import.meta.env.WXT_SIDECAR_TEST_BUILD': JSON.stringify(process.env.WXT_SIDECAR_TEST_BUILD === 'true' ? 'true' : 'false'),
    },
  }),
  hooks: {
    // Content scripts stay small (≤ 15 kB gzipped): they use the browser's own promise-based API (chrome.* in
    // Chromium MV3, browser.* in Firefox) rather than webextension-polyfill, which the background and pages keep.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'sidecar:content-script-native-browser',
          enforce: 'pre',
          resolveId(id) {
            return id === '@wxt-dev/webextension-polyfill/browser' ? this.resolve('@wxt-dev/browser') : null;
          },
        },
      ];
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Sidecar',
    description:
      'See who is on the page and what it costs to know more: LinkedIn, Sales Navigator and CRM enrichment with your own Lusha and Saber keys.',
    permissions: [
      'storage',
      'contextMenus',
      'alarms',
      'notifications',
      // Salesforce's sign-in (OAuth 2.0 with PKCE through identity.launchWebAuthFlow).
      'identity',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    host_permissions: [...new Set([hostPattern(lushaBaseUrl), hostPattern(saberBaseUrl), ...crmOverrides.map(hostPattern)])],
    // A CRM's hosts are asked for when the user connects it, not at install (Firefox MV2 has no separate key for hosts).
    ...(browser === 'firefox' && manifestVersion === 2 ? { optional_permissions: [...CRM_OPTIONAL_HOSTS] } : { optional_host_permissions: [...CRM_OPTIONAL_HOSTS] }),
    // An organisation's policy reaches Sidecar through storage.managed, validated against this schema (public/).
    storage: { managed_schema: 'managed_schema.json' },
    // A fixed id (see lib/extension-key.ts) that policies can name; Firefox uses the gecko id instead.
    ...(browser === 'firefox' ? {} : { key: SIDECAR_PUBLIC_KEY }),
    action: { default_title: 'Sidecar' },
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+S' }, description: 'Open the Sidecar sidebar' } }
        : { 'open-side-panel': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Open the Sidecar side panel' } },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: SIDECAR_GECKO_ID, data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
