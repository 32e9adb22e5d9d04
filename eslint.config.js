// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const BACKGROUND_ONLY = ['**/lib/providers/**', '**/lib/store/**', '**/lib/engine/**', '**/lib/background/**', '**/lib/messaging/server*', '**/lib/secrets*'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', '.sandbox-build/**', '.firefox-build/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'demo-screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks },
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
    // Secrets, network and queues live in the background only.
    files: ['entrypoints/!(background)/**', 'components/**', 'lib/recognition/**', 'lib/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: BACKGROUND_ONLY, message: 'Secrets, network and queues live in the background only.' }] }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
