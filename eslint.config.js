import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers of STYLE.md "Layout": imports point one way, http → services → oidc and store;
 * oidc may use store, never services; store uses none of the others; only http knows Fastify;
 * only app.ts (unrestricted) wires the layers. Paths are matched on the import string, so a
 * layer is any folder of that name reached through `./` or `../`.
 */
const layer = (name) => `^\\.{1,2}/(?:.*/)?${name}(?:/|$)`;
const fastify = { regex: '^(?:fastify|@fastify/.*)$', message: 'Only http/ knows Fastify.' };
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const layerRules = [
  {
    files: ['src/store/**/*.ts'],
    rules: restrictImports(
      { regex: layer('(?:services|http|oidc)'), message: 'store/ imports neither services/, http/ nor oidc/.' },
      fastify,
    ),
  },
  {
    files: ['src/oidc/**/*.ts'],
    rules: restrictImports(
      { regex: layer('(?:services|http)'), message: 'oidc/ may use store/, never services/ or http/.' },
      fastify,
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrictImports({ regex: layer('http'), message: 'services/ never import http/.' }, fastify),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: restrictImports(
      {
        // For now http/ may name the row and database types; nothing of the store runs from
        // http/, which goes through services/ for every read and write.
        regex: '^\\.{1,2}/(?:.*/)?store/(?:schema|db)(?:\\.js)?$',
        allowTypeImports: true,
        message: 'http/ reaches the store only through services/ (a type import of store/schema or store/db is allowed).',
      },
      {
        regex: '^\\.{1,2}/(?:.*/)?store(?:$|/(?!(?:schema|db)(?:\\.js)?$))',
        message: 'http/ reaches the store only through services/.',
      },
    ),
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'web/dist/', 'data/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  ...layerRules,
  {
    // The web console (React, in the browser).
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
  },
);
