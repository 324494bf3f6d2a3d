import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';

for (const engine of await testEngines()) {
  describe(`sign-in options (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    const options = () => t.services.signInOptions.forClients();
    const create = (name: string, extra: Record<string, unknown> = {}) =>
      t.services.providers.create(systemActor, { type: 'oidc', name, issuer: 'https://idp.example', client_id: 'x', enabled: true, ...extra });

    it('lists nothing while no provider is enabled', async () => {
      assert.deepEqual(await options(), []);
      await create('hidden', { enabled: false });
      assert.deepEqual(await options(), []);
    });

    it('lists each enabled provider in order as oidc/<name>, then one common-oidc entry with names and icons', async () => {
      const corp = await create('corp', { icon: ICON });
      await create('partners');
      assert.deepEqual((await options()).slice(0, 2), ['oidc/corp', 'oidc/partners']);
      const common = (await options()).at(-1) ?? '';
      assert.ok(common.startsWith('common-oidc/'));
      const entries = JSON.parse(common.slice('common-oidc/'.length)) as { name: string; icon?: string }[];
      assert.deepEqual(entries.map((e) => e.name), ['corp', 'partners']);
      assert.match(entries[0]?.icon ?? '', /^<svg/);
      assert.equal('icon' in (entries[1] ?? {}), false);
      assert.equal((await options()).length, 3);

      // A change on this instance shows at once: order, a provider turned off.
      const partners = (await t.services.providers.list()).find((p) => p.name === 'partners');
      await t.services.providers.reorder(systemActor, [partners?.id ?? '', corp.id]);
      assert.deepEqual((await options()).slice(0, 2), ['oidc/partners', 'oidc/corp']);
      await t.services.providers.update(systemActor, corp.id, { enabled: false });
      assert.deepEqual((await options()).slice(0, 1), ['oidc/partners']);
      assert.equal((await options()).length, 2);
    });

    it('offers the console the password form as set, and the enabled providers in order with their labels and types', async () => {
      const console = () => t.services.signInOptions.forConsole();
      const before = await console();
      assert.equal(before.password_login, true);
      assert.deepEqual(before.providers.map((p) => p.name), ['partners']);
      const partners = (await t.services.providers.list()).find((p) => p.name === 'partners');
      assert.deepEqual(before.providers[0], { name: 'partners', type: 'oidc', display_name: partners?.display_name, icon: '' });
      await create('google-corp', { type: 'google', allow_anyone: undefined, policy: { allowed_email_domains: ['example.com'] } });
      const after = await console();
      assert.deepEqual(after.providers.map((p) => [p.name, p.type]), [['partners', 'oidc'], ['google-corp', 'google']]);
      assert.equal(after.providers[1]?.display_name, 'Google');
    });
  });
}
