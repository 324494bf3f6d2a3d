import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The layers of STYLE.md "Layout" are kept by eslint.config.js (`no-restricted-imports` per
 * folder, run by `npm run lint`). These cases lint a one-line module as if it lived at a given
 * path, to prove the rule is there and catches each wrong-way import, and lets the right ones be.
 */
const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const wrongWay: [string, string][] = [
  ['src/store/users.ts', "import { x } from '../services/index.js';"],
  ['src/store/users.ts', "import { type x } from '../http/server.js';"],
  ['src/store/migrations/0009-new.ts', "import { x } from '../../oidc/transactions.js';"],
  ['src/oidc/callback.ts', "import { x } from '../services/sign-in.js';"],
  ['src/oidc/callback.ts', "import { x } from '../http/wire-errors.js';"],
  ['src/services/users.ts', "import { x } from '../http/wire-errors.js';"],
  ['src/services/users.ts', "import type { FastifyInstance as x } from 'fastify';"],
  ['src/http/admin-api/users.ts', "import { x } from '../../store/users.js';"],
  ['src/http/admin-api/users.ts', "import type { x } from '../../store/index.js';"],
  ['src/http/session.ts', "import { x } from '../store/schema.js';"],
  ['src/http/oidc-pages.ts', "import type { x } from '../store/schema.js';"],
  ['src/http/health.ts', "import type { Db as x } from '../store/db.js';"],
  ['src/http/client-api/user-payload.ts', "import { type x } from '../../store/users.js';"],
  ['src/domain/user.ts', "import type { x } from '../store/schema.js';"],
  ['src/domain/user.ts', "import { x } from '../services/users.js';"],
  ['src/domain/api-token.ts', "import type { x } from '../http/admin-api/schemas.js';"],
  ['src/domain/group.ts', "import { x } from '../oidc/callback.js';"],
  ['src/domain/user.ts', "import { x } from '../errors.js';"],
  ['src/domain/user.ts', "import type { FastifyInstance as x } from 'fastify';"],
  ['src/domain/user.ts', "import { Kysely as x } from 'kysely';"],
  ['src/input/svg.ts', "import { x } from '../services/auth-providers.js';"],
  ['src/input/svg.ts', "import type { x } from '../store/schema.js';"],
  ['src/input/svg.ts', "import { x } from '../oidc/client.js';"],
  ['src/ldap/directory.ts', "import { x } from '../services/ldap.js';"],
  ['src/ldap/directory.ts', "import type { x } from '../store/index.js';"],
  ['src/ldap/filter.ts', "import type { FastifyInstance as x } from 'fastify';"],
  ['src/rendezvous/signalling.ts', "import { x } from '../store/devices.js';"],
  ['src/rendezvous/relay/relay-server.ts', "import { x } from '../../http/server.js';"],
  ['src/rendezvous/links.ts', "import type { FastifyInstance as x } from 'fastify';"],
];

const rightWay: [string, string][] = [
  ['src/http/admin-api/users.ts', "import { x } from '../../services/index.js';"],
  ['src/rendezvous/signalling.ts', "import type { RendezvousDirectory as x } from '../domain/rendezvous.js';"],
  ['src/http/oidc-pages.ts', "import type { User as x } from '../domain/user.js';"],
  ['src/http/admin-api/schemas.ts', "import { ApiTokenInfo as x } from '../../domain/api-token.js';"],
  ['src/services/users.ts', "import type { User as x } from '../domain/user.js';"],
  ['src/store/users.ts', "import type { User as x } from '../domain/user.js';"],
  ['src/oidc/callback.ts', "import type { User as x } from '../domain/user.js';"],
  ['src/domain/user.ts', "import { Type as x } from 'typebox';"],
  ['src/domain/user.ts', "import type { Group as x } from './group.js';"],
  ['src/services/users.ts', "import { x } from '../store/index.js';"],
  ['src/services/sign-in.ts', "import { x } from '../oidc/callback.js';"],
  ['src/oidc/transactions.ts', "import type { Store as x } from '../store/index.js';"],
  ['src/oidc/callback.ts', "import { x } from './http-fetch.js';"],
  ['src/app.ts', "import { x } from './http/server.js';"],
  ['src/input/svg.ts', "import { x } from './xml-subset.js';"],
  ['src/services/auth-providers.ts', "import { x } from '../input/svg.js';"],
  ['src/services/ldap-sign-in.ts', "import { x } from '../ldap/directory.js';"],
  ['src/ldap/directory.ts', "import type { OpenedLdapSettings as x } from '../domain/ldap.js';"],
];

describe('layers', () => {
  for (const [filePath, code] of wrongWay) {
    it(`rejects in ${filePath}: ${code}`, async () => {
      const errors = await layerErrors(filePath, code);
      assert.equal(errors.length, 1, `expected one layer error, got ${JSON.stringify(errors)}`);
    });
  }

  for (const [filePath, code] of rightWay) {
    it(`allows in ${filePath}: ${code}`, async () => {
      assert.deepEqual(await layerErrors(filePath, code), []);
    });
  }
});
