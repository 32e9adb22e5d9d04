// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Everything UI and content scripts must never reach: secrets, network, storage and the engine live in the background. */
const BACKGROUND_ONLY = ['./lib/providers', './lib/store', './lib/engine', './lib/background', './lib/messaging/server.ts'];
const PAGES = ['./components', './lib/ui', './entrypoints/sidepanel', './entrypoints/popup', './entrypoints/options'];
const CONTENT = ['./entrypoints/linkedin.content', './entrypoints/crm.content', './lib/content', './lib/recognition'];

/**
 * Who may import what (lint fails on any other edge; tests/unit/boundaries.test.ts proves each zone bites):
 * domain ← recognition ← content scripts; domain ← providers; domain ← store ← engine ← background;
 * domain ← messaging ← ui ← components ← pages. Nothing imports upward.
 */
export const IMPORT_ZONES = [
  { target: [...PAGES, ...CONTENT], from: BACKGROUND_ONLY, message: 'UI and content scripts never reach providers, keys, storage or the engine: ask the background.' },
  { target: CONTENT, from: ['./lib/ui', './components', './lib/messaging/client.ts', './lib/messaging/protocol.ts'], message: 'Content scripts stay small and only report what the page shows.' },
  { target: './lib/domain', from: ['./lib', './components', './entrypoints'], except: ['./domain'], message: 'lib/domain imports nothing but zod.' },
  { target: './lib/recognition', from: ['./lib', './components', './entrypoints'], except: ['./recognition', './domain'], message: 'Recognition is pure: page in, domain out.' },
  { target: './lib/providers', from: ['./lib/store', './lib/engine', './lib/background', './lib/messaging', './lib/ui', './components', './entrypoints'], message: 'Providers know HTTP and schemas, nothing about policy or storage.' },
  { target: './lib/store', from: ['./lib/engine', './lib/background', './lib/messaging', './lib/ui', './lib/providers', './components', './entrypoints'], message: 'Storage defines its own records: it does not reach up.' },
  { target: './lib/engine', from: ['./lib/background', './lib/messaging', './lib/ui', './lib/providers', './components', './entrypoints'], message: 'The engine knows no provider and no feature.' },
  { target: './lib/messaging', from: ['./lib/background', './lib/engine', './lib/store', './lib/providers', './lib/ui', './components', './entrypoints'], message: 'The protocol is shared vocabulary: it does not reach into either side.' },
  { target: './lib', from: ['./components', './entrypoints'], message: 'Nothing in lib imports upward into components or entrypoints.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', '.sandbox-build/**', '.firefox-build/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'demo-screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Our effects start async loads whose setState happens after an await, which this rule cannot tell apart.
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render page and API text as text.' },
      ],
    },
  },
  {
    // The boundaries, for the product's code (tests may reach across to set a scene).
    files: ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'lib/background/test-helpers.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: IMPORT_ZONES }] },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
