import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers of STYLE.md "Layout": imports point one way, http → services → oidc and store;
 * oidc may use store, never services; store uses none of the others; domain (the entities'
 * types, which every layer shares) uses nothing of src/; only http knows Fastify; only app.ts
 * (unrestricted) wires the layers. Paths are matched on the import string, so a layer is any
 * folder of that name reached through `./` or `../`.
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
    // The directory client (LDAP): like oidc/, below services; it needs no table either.
    files: ['src/ldap/**/*.ts'],
    rules: restrictImports(
      { regex: layer('(?:services|http|store|oidc)'), message: 'ldap/ imports neither services/, http/, store/ nor oidc/.' },
      fastify,
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrictImports({ regex: layer('http'), message: 'services/ never import http/.' }, fastify),
  },
  {
    // The RustDesk ID/rendezvous and relay servers: a transport like http/, over sockets instead of
    // Fastify. They reach deskgate's data only through services/ (the RendezvousDirectory of domain/).
    files: ['src/rendezvous/**/*.ts'],
    rules: restrictImports({ regex: layer('(?:store|http|oidc|ldap)'), message: 'rendezvous/ reaches deskgate only through services/.' }, fastify),
  },
  {
    // Not even types: routes see the entities of domain/, never rows.
    files: ['src/http/**/*.ts'],
    rules: restrictImports({ regex: layer('store'), message: 'http/ reaches the store only through services/; entity types are in domain/.' }),
  },
  {
    // Checking and cleaning what people and clients send (SVG icons, device info): pure functions
    // that every layer may call, so they depend on none.
    files: ['src/input/**/*.ts'],
    rules: restrictImports({ regex: layer('(?:store|services|http|oidc)'), message: 'input/ imports none of the layers.' }, fastify),
  },
  {
    // The entities' types, shared by every layer: they depend on none, and on no package but typebox.
    files: ['src/domain/**/*.ts'],
    rules: restrictImports(
      { regex: '^\\.\\./', message: 'domain/ imports nothing else from src/: store/, services/, http/ and oidc/ import it.' },
      { regex: '^(?![./])(?!typebox$)', message: 'domain/ uses no package but typebox.' },
    ),
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'web/dist/', 'data/', 'docs/', '.bench/'] },
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
