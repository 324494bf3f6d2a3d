import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';

interface TokenInfo {
  id: string;
  name: string;
  scopes: string[];
  created_by: string;
  expires_at: number | null;
  revoked_at: number | null;
}

for (const engine of await testEngines()) {
  describe(`admin API: API tokens (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;
    const issued: string[] = [];

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await signInConsole(t, 'root')).headers;
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers = admin) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const create = async (body: Record<string, unknown>) => {
      const response = await call('POST', '/api/admin/tokens', body);
      assert.equal(response.statusCode, 201, response.body);
      const created = response.json() as { token: string; info: TokenInfo };
      issued.push(created.token);
      return created;
    };

    it('returns the token once, with its description', async () => {
      const { token, info } = await create({ name: 'backup script', scopes: ['users:read', 'audit:read', 'users:read'] });
      assert.match(token, /^dgt_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(
        { ...info, id: undefined, created_at: undefined },
        { id: undefined, created_at: undefined, name: 'backup script', scopes: ['users:read', 'audit:read'], created_by: 'root', last_used_at: null, expires_at: null, revoked_at: null },
      );
      const works = await call('GET', '/api/admin/users', undefined, { authorization: `Bearer ${token}` });
      assert.equal(works.statusCode, 200);
    });

    it('gives an expiry when asked', async () => {
      const { info } = await create({ name: 'temporary', scopes: ['admin'], expires_in_days: 7 });
      assert.equal(info.expires_at, t.clock.now() + 7 * 86_400_000);
    });

    it('refuses unknown scopes, an empty scope list and a blank name', async () => {
      assert.equal(assertJsonError(await call('POST', '/api/admin/tokens', { name: 'x', scopes: ['users:admin'] }), 400).code, 'token.invalid_scope');
      assertJsonError(await call('POST', '/api/admin/tokens', { name: 'x', scopes: [] }), 400);
      assert.equal(assertJsonError(await call('POST', '/api/admin/tokens', { name: '  ', scopes: ['admin'] }), 400).code, 'token.invalid_name');
      assertJsonError(await call('POST', '/api/admin/tokens', { name: 'x', scopes: ['admin'], expires_in_days: 0 }), 400);
    });

    it('lists tokens, paged, without ever showing a token', async () => {
      await create({ name: 'third', scopes: ['groups:read'] });
      const response = await call('GET', '/api/admin/tokens?pageSize=2');
      const page = response.json() as { total: number; data: TokenInfo[] };
      assert.equal(page.total, 3);
      assert.equal(page.data.length, 2);
      const all = await call('GET', '/api/admin/tokens?pageSize=100');
      for (const token of issued) {
        assert.ok(!response.body.includes(token) && !all.body.includes(token));
        assert.ok(!all.body.includes(token.slice(4)), 'not even without its prefix');
      }
      const second = (await call('GET', '/api/admin/tokens?pageSize=2&current=2')).json() as { data: TokenInfo[] };
      assert.equal(second.data.length, 1);
    });

    it('revokes a token: it stops working, leaves the list, and a second revoke is 404', async () => {
      const { token, info } = await create({ name: 'to revoke', scopes: ['users:read'] });
      const bearer = { authorization: `Bearer ${token}` };
      assert.equal((await call('DELETE', `/api/admin/tokens/${info.id}`)).statusCode, 204);
      assertJsonError(await call('GET', '/api/admin/users', undefined, bearer), 401);
      const live = (await call('GET', '/api/admin/tokens?pageSize=100')).json() as { data: TokenInfo[] };
      assert.ok(!live.data.some((tk) => tk.id === info.id));
      const everything = (await call('GET', '/api/admin/tokens?pageSize=100&include_revoked=true')).json() as { data: TokenInfo[] };
      assert.equal(everything.data.find((tk) => tk.id === info.id)?.revoked_at, t.clock.now());
      assert.equal(assertJsonError(await call('DELETE', `/api/admin/tokens/${info.id}`), 404).code, 'token.not_found');
      assertJsonError(await call('DELETE', `/api/admin/tokens/${crypto.randomUUID()}`), 404);
    });

    it('audits creation and revocation without the token', async () => {
      const response = await call('GET', '/api/admin/audit/console?action=token.&pageSize=100');
      const records = (response.json() as { data: { action: string; target: { name: string }; detail: Record<string, unknown> }[] }).data;
      assert.equal(records.filter((r) => r.action === 'token.create').length, issued.length);
      assert.equal(records.filter((r) => r.action === 'token.revoke').length, 1);
      assert.deepEqual(records.find((r) => r.target.name === 'third')?.detail, { scopes: ['groups:read'] });
      for (const token of issued) assert.ok(!response.body.includes(token));
    });
  });
}
