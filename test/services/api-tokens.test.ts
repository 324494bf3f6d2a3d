import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { API_TOKEN_PREFIX, parseScopes } from '../../src/services/api-tokens.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { FULL_AUTHORITY } from '../../src/services/authority.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const person: Actor = { type: 'user', id: 'u1', name: 'root', ip: '10.0.0.5' };
const DAY = 86_400_000;

describe('API token scopes', () => {
  it('reads a list or a string split by spaces and commas, once each', () => {
    assert.deepEqual(parseScopes('users:read, users:write  users:read'), ['users:read', 'users:write']);
    assert.deepEqual(parseScopes(['admin']), ['admin']);
    for (const bad of ['', ' , ', 'users', 'users:delete', 'admin:read', 'root']) {
      assert.throws(() => parseScopes(bad), code('token.invalid_scope'), bad);
    }
  });
});

for (const engine of await testEngines()) {
  describe(`API tokens (${engine})`, () => {
    let t: TestApp;
    let tokens: TestApp['services']['apiTokens'];
    before(async () => {
      t = await buildTestApp(engine);
      tokens = t.services.apiTokens;
    });
    after(() => t.close());

    it('returns the token once, keeps only its hash, and verifies it', async () => {
      const { token, info } = await tokens.create(person, { name: ' deploy ', scopes: 'devices:read' }, FULL_AUTHORITY);
      assert.ok(token.startsWith(API_TOKEN_PREFIX));
      assert.equal(info.name, 'deploy');
      assert.deepEqual(info.scopes, ['devices:read']);
      assert.equal(info.created_by, 'root');
      assert.equal(info.expires_at, null);
      assert.ok(!('token_hash' in info));
      const rows = await t.database.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', info.id).execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(token.slice(API_TOKEN_PREFIX.length)), 'the token is stored in clear');
      assert.ok(!JSON.stringify(await tokens.list()).includes(token));
      assert.equal((await tokens.verify(token))?.id, info.id);
    });

    it('never lets a caller grant a scope it does not hold', async () => {
      const script: Actor = { type: 'token', id: 't1', name: 'script', ip: '' };
      const held = { scopes: ['settings:write', 'users:read'] };
      await assert.rejects(tokens.create(script, { name: 'escalate', scopes: ['admin'] }, held), code('auth.scope'));
      await assert.rejects(tokens.create(script, { name: 'escalate', scopes: ['users:write'] }, held), code('auth.scope'));
      await assert.rejects(tokens.create(script, { name: 'mixed', scopes: ['settings:read', 'oidc:write'] }, held), code('auth.scope'));
      // Write implies read: a lesser copy is fine.
      const { info } = await tokens.create(script, { name: 'lesser', scopes: ['settings:read', 'users:read'] }, held);
      assert.deepEqual(info.scopes, ['settings:read', 'users:read']);
      // A person must say what they hold.
      await assert.rejects(tokens.create(person, { name: 'silent', scopes: ['users:read'] }), /without saying what it holds/);
      assert.equal((await tokens.list()).filter((i) => i.name === 'escalate' || i.name === 'mixed' || i.name === 'silent').length, 0);
    });

    it('refuses blank and over-long names and unknown scopes', async () => {
      await assert.rejects(tokens.create(systemActor, { name: '   ', scopes: ['admin'] }), code('token.invalid_name'));
      await assert.rejects(tokens.create(systemActor, { name: 'n'.repeat(65), scopes: ['admin'] }), code('token.invalid_name'));
      await assert.rejects(tokens.create(systemActor, { name: 'ok', scopes: ['users:delete'] }), code('token.invalid_scope'));
      await assert.rejects(tokens.create(systemActor, { name: 'ok', scopes: [] }), code('token.invalid_scope'));
    });

    it('stops a token at its expiry, by the clock', async () => {
      const { token, info } = await tokens.create(systemActor, { name: 'short', scopes: ['audit:read'], expiresInDays: 2 });
      assert.equal(info.expires_at, t.clock.now() + 2 * DAY);
      t.clock.advance(2 * DAY - 1);
      assert.ok(await tokens.verify(token));
      t.clock.advance(1);
      assert.equal(await tokens.verify(token), undefined);
    });

    it('revokes a token: it stops at once, leaves the list, and a second revoke finds nothing', async () => {
      const { token, info } = await tokens.create(systemActor, { name: 'revoked', scopes: ['groups:read'] });
      await tokens.revoke(person, info.id);
      assert.equal(await tokens.verify(token), undefined);
      assert.equal((await tokens.list()).some((i) => i.id === info.id), false);
      assert.ok((await tokens.list(true)).find((i) => i.id === info.id)?.revoked_at);
      await assert.rejects(tokens.revoke(person, info.id), code('token.not_found'));
      await assert.rejects(tokens.revoke(person, 'no-such-token'), code('token.not_found'));
    });

    it('answers anything that is not a live API token with nothing', async () => {
      const { token } = await tokens.create(systemActor, { name: 'real', scopes: ['admin'] });
      for (const candidate of ['', 'dgt_', `${token}x`, token.slice(API_TOKEN_PREFIX.length), `${API_TOKEN_PREFIX}${'a'.repeat(300)}`]) {
        assert.equal(await tokens.verify(candidate), undefined, candidate.slice(0, 20));
      }
    });

    it('records when a token was last used, at most once a minute', async () => {
      const { token, info } = await tokens.create(systemActor, { name: 'used', scopes: ['audit:read'] });
      assert.equal(info.last_used_at, null);
      const first = t.clock.now();
      await tokens.verify(token);
      t.clock.advance(30_000);
      await tokens.verify(token);
      assert.equal((await tokens.list()).find((i) => i.id === info.id)?.last_used_at, first);
      t.clock.advance(30_001);
      await tokens.verify(token);
      assert.equal((await tokens.list()).find((i) => i.id === info.id)?.last_used_at, t.clock.now());
    });

    it('audits creation and revocation with the scopes, never the token', async () => {
      const { token, info } = await tokens.create(person, { name: 'audited', scopes: ['devices:write'] }, FULL_AUTHORITY);
      await tokens.revoke(person, info.id);
      const records = (await t.services.audit.list({ target: 'audited' }, { current: 1, pageSize: 10 })).data;
      assert.deepEqual(records.map((r) => r.action).sort(), ['token.create', 'token.revoke']);
      assert.deepEqual(records.find((r) => r.action === 'token.create')?.detail, { scopes: ['devices:write'] });
      assert.ok(records.every((r) => r.actor.name === 'root' && r.target.id === info.id));
      assert.ok(!JSON.stringify(records).includes(token));
    });
  });
}
