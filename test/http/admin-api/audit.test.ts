import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor, type Actor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken } from '../../support/fixtures.js';

interface AuditRecord {
  created_at: number;
  action: string;
  actor: { name: string };
  target: { name: string };
}

const alice: Actor = { type: 'user', id: 'a', name: 'alice', ip: '192.0.2.1' };
const bob: Actor = { type: 'user', id: 'b', name: 'bob', ip: '192.0.2.2' };

for (const engine of await testEngines()) {
  describe(`admin API: console audit and alarm logs (${engine})`, () => {
    let t: TestApp;
    let token: Record<string, string>;
    let start: number;

    before(async () => {
      t = await buildTestApp(engine);
      token = (await createApiToken(t, ['audit:read'])).headers;
      start = t.clock.now();
      // Six records a minute apart, by two actors, on two kinds of target.
      const entries: [Actor, string, string][] = [
        [alice, 'user.create', 'Zed'],
        [alice, 'user.update', 'zed'],
        [bob, 'group.create', 'Ops 50%'],
        [bob, 'user.delete', 'zed'],
        [alice, 'group.members', 'Ops 50%'],
        [systemActor, 'settings.update', 'password_login'],
      ];
      for (const [actor, action, target] of entries) {
        t.clock.advance(60_000);
        await t.store.consoleAudit.insert(t.services.audit.row(actor, action, { type: action.split('.')[0]!, id: target, name: target }));
      }
    });
    after(() => t.close());

    async function list(query: string) {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/audit/console?${query}`, headers: token });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as { total: number; data: AuditRecord[] };
      return { total: page.total, actions: page.data.map((r) => r.action), data: page.data };
    }

    it('lists newest first, paged, with the total', async () => {
      const page = await list('pageSize=4&current=1');
      assert.equal(page.total, 7, 'six records and the token creation');
      assert.deepEqual(page.actions, ['settings.update', 'group.members', 'user.delete', 'group.create']);
      const next = await list('pageSize=4&current=2');
      assert.deepEqual(next.actions, ['user.update', 'user.create', 'token.create']);
      assert.deepEqual((await list('pageSize=4&current=3')).actions, []);
    });

    it('filters by an exact action or an action prefix', async () => {
      assert.deepEqual((await list('action=user.delete')).actions, ['user.delete']);
      assert.deepEqual((await list('action=user.')).actions, ['user.delete', 'user.update', 'user.create']);
      assert.equal((await list('action=user')).total, 0, 'no dot: an exact action');
    });

    it('filters by actor name, by part of the target name (any case), and by time', async () => {
      assert.deepEqual((await list('actor=bob')).actions, ['user.delete', 'group.create']);
      assert.deepEqual((await list('target=ZE')).actions, ['user.delete', 'user.update', 'user.create']);
      assert.deepEqual((await list('target=50%25')).actions, ['group.members', 'group.create'], '% is a literal');
      // `from` is inclusive and `to` exclusive: group.members, at +300 s, is left out.
      assert.deepEqual((await list(`from=${start + 180_000}&to=${start + 300_000}`)).actions, ['user.delete', 'group.create']);
      assert.deepEqual((await list(`actor=alice&from=${start + 120_000}`)).actions, ['group.members', 'user.update']);
    });

    it('pages the sign-in failure log, newest first', async () => {
      for (const name of ['first', 'second', 'third']) {
        t.clock.advance(1000);
        await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: name, password: 'wrong password' }, headers: { 'sec-fetch-site': 'same-origin' } });
      }
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/audit/sign-in-failures?pageSize=2&current=1', headers: token });
      const page = response.json() as { total: number; data: { name: string; reason: string; ip: string; channel: string }[] };
      assert.equal(page.total, 3);
      assert.deepEqual(page.data.map((f) => [f.name, f.reason, f.ip, f.channel]), [
        ['third', 'bad_credentials', '127.0.0.1', 'console'],
        ['second', 'bad_credentials', '127.0.0.1', 'console'],
      ]);
    });

    it('lists single sign-on failures with their provider and detail, and filters by kind and provider', async () => {
      const sso = (id: string, providerId: string, providerName: string, reason: string, detail: string) => {
        t.clock.advance(1000);
        return t.store.signInAttempts.recordFailure({
          id,
          created_at: t.clock.now(),
          ip: '192.0.2.10',
          name: '',
          reason,
          channel: 'client',
          kind: 'sso',
          provider_id: providerId,
          provider_name: providerName,
          detail,
        });
      };
      await sso('sso-1', 'prov-a', 'corp', 'oidc.discovery_failed', 'connect ECONNREFUSED 127.0.0.1:9');
      await sso('sso-2', 'prov-b', 'entra', 'oidc.provider_error', 'invalid_client: AADSTS7000215: Invalid client secret provided.');
      const get = async (query: string) => {
        const response = await t.app.inject({ method: 'GET', url: `/api/admin/audit/sign-in-failures?${query}`, headers: token });
        assert.equal(response.statusCode, 200, response.body);
        return response.json() as { total: number; data: Record<string, unknown>[] };
      };
      const all = await get('pageSize=2');
      assert.equal(all.total, 5);
      assert.deepEqual(all.data[0], {
        id: 'sso-2',
        created_at: t.clock.now(),
        ip: '192.0.2.10',
        name: '',
        reason: 'oidc.provider_error',
        channel: 'client',
        kind: 'sso',
        provider_id: 'prov-b',
        provider_name: 'entra',
        detail: 'invalid_client: AADSTS7000215: Invalid client secret provided.',
      });
      const ssoOnly = await get('kind=sso');
      assert.deepEqual(ssoOnly.data.map((f) => f.id), ['sso-2', 'sso-1']);
      const passwords = await get('kind=password');
      assert.equal(passwords.total, 3);
      assert.ok(passwords.data.every((f) => f.kind === 'password' && f.provider_id === '' && f.provider_name === '' && f.detail === ''));
      assert.deepEqual((await get('provider_id=prov-a')).data.map((f) => f.id), ['sso-1']);
      assert.deepEqual((await get('kind=password&provider_id=prov-a')).data, []);
      assert.equal((await get('provider_id=unknown')).total, 0);
    });

    it('refuses malformed filters of the failure log with a JSON error', async () => {
      for (const query of [
        'kind=SSO',
        'kind=oidc',
        'kind=',
        'kind=sso&kind=password',
        'provider_id=',
        `provider_id=${'a'.repeat(65)}`,
        "provider_id=x'%20or%201=1--",
        'provider_id=%00',
        'pageSize=0',
        'current=abc',
      ]) {
        const response = await t.app.inject({ method: 'GET', url: `/api/admin/audit/sign-in-failures?${query}`, headers: token });
        assert.equal(response.statusCode, 400, `${query} → ${response.statusCode} ${response.body}`);
        assert.equal(typeof (response.json() as { error: unknown }).error, 'string', query);
      }
    });
  });
}
