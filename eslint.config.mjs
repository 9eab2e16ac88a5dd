// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'packages/*/dist/**',
      'pacts/**',
      'reports/**',
      '.broker/**',
      '**/vendor/**',
      'tmp/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // One-way imports: contracts/ is the root of the pipeline and imports nothing of ours.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['../src/*', '../test/*', '**/src/**', '**/test/**'] },
      ],
    },
  },
  {
    // pact-io-ts is a library of its own: it imports nothing from the rest of the repository,
    // and its entry points name each export (its README lists them; the pack test holds both).
    files: ['packages/pact-io-ts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['../../*', '**/contracts/**', '**/src/report/**', '**/test/support/**'] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'Name each export: the public API is what the README lists.',
        },
      ],
    },
  },
  {
    // Functions short enough to read at once: a longer one says why next to it
    // (`// eslint-disable-next-line max-lines-per-function -- <reason>`).
    files: ['src/**/*.ts', 'src/**/*.mjs', 'packages/*/src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Nothing imports tests.
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/test/**'] }],
    },
  },
  {
    // The provider and the consumer know each other only through contracts/.
    files: ['src/provider/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/test/**', '**/client/**'] }],
    },
  },
  {
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/test/**', '**/provider/**'] }],
    },
  },
  {
    // Files mocha and its tools load with require(): the reporters (in mocha's process and in
    // each worker of its parallel mode), mocha-multi-reporters' configuration.
    files: ['test/support/mocha-reporter*.js', 'test/support/mocha-worker-reporter.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
