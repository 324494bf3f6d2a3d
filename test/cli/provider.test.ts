import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../support/databases.js';
import { startIdp, type Idp } from '../support/idp.js';
import { cliBed, type CliBed } from './cli-harness.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SECRET = 'entra-secret-value~4f9a7c';

for (const engine of await testEngines()) {
  describe(`deskgate provider list|add|enable|disable|delete (${engine})`, () => {
    let bed: CliBed;

    before(async () => {
      bed = await cliBed(engine);
    });
    after(() => bed.close());

    it('adds an Azure provider from a pasted issuer URL, with the secret read from standard input and sealed', async () => {
      const result = await bed.run(
        ['provider', 'add', 'entra', '--type', 'azure', '--client-id', 'app-1', '--tenant', `https://login.microsoftonline.com/${TENANT}/v2.0`, '--client-secret-stdin', '--enabled'],
        { stdin: `${SECRET}\n` },
      );
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, `added provider "entra" (azure, enabled): button "Microsoft", issuer https://login.microsoftonline.com/${TENANT}/v2.0\n`);
      const core = await bed.core();
      const [stored] = await core.services.providers.list();
      assert.equal(stored?.tenant_id, TENANT);
      assert.equal((await core.services.providers.forTest(stored?.id ?? '')).client_secret, SECRET);
      const { data } = await core.services.audit.list({ action: 'provider.create' }, { current: 1, pageSize: 10 });
      assert.equal(data[0]?.actor.type, 'cli');
      assert.equal(data[0]?.target.name, 'entra');
    });

    it('adds a disabled OIDC provider with its own label, and refuses what the console refuses', async () => {
      const added = await bed.run(['provider', 'add', 'corp', '--issuer', 'https://sso.example.com/realms/corp', '--client-id', 'deskgate', '--label', 'Corp SSO', '--disabled']);
      assert.equal(added.code, 0, added.err);
      assert.equal(added.out, 'added provider "corp" (oidc, disabled): button "Corp SSO", issuer https://sso.example.com/realms/corp\n');

      const taken = await bed.run(['provider', 'add', 'corp2', '--issuer', 'https://sso2.example.com', '--client-id', 'x', '--label', 'corp sso']);
      assert.equal(taken.code, 1);
      assert.match(taken.err, /^deskgate: The provider "corp" already has the button label "Corp SSO" \(display_name\)/);
      const http = await bed.run(['provider', 'add', 'plain', '--issuer', 'http://sso.example.com', '--client-id', 'x']);
      assert.equal(http.code, 1);
      assert.match(http.err, /^deskgate: issuer must use https/);
      const both = await bed.run(['provider', 'add', 'both', '--issuer', 'https://b.example', '--client-id', 'x', '--enabled', '--disabled']);
      assert.equal(both.code, 1);
      assert.match(both.err, /option '--enabled' cannot be used with option '--disabled'/);
      const type = await bed.run(['provider', 'add', 'odd', '--type', 'saml', '--client-id', 'x']);
      assert.equal(type.code, 1);
      assert.match(type.err, /Allowed choices are azure, google/);
      const noStdin = await bed.run(['provider', 'add', 'x1', '--issuer', 'https://a.example', '--client-id', 'x', '--client-secret-stdin']);
      assert.equal(noStdin.code, 1);
      assert.match(noStdin.err, /--client-secret-stdin reads a secret piped in/);
      assert.deepEqual((await (await bed.core()).services.providers.list()).map((p) => p.name), ['entra', 'corp']);
    });

    it('lists providers as a table and as JSON without secrets', async () => {
      const listed = await bed.run(['provider', 'list']);
      assert.equal(listed.code, 0, listed.err);
      assert.deepEqual(listed.out.trimEnd().split('\n'), [
        'NAME   TYPE   STATE     LABEL      ISSUER',
        `entra  azure  enabled   Microsoft  https://login.microsoftonline.com/${TENANT}/v2.0`,
        'corp   oidc   disabled  Corp SSO   https://sso.example.com/realms/corp',
      ]);
      const asJson = await bed.run(['provider', 'list', '--json']);
      const providers = JSON.parse(asJson.out) as { name: string; enabled: boolean; has_client_secret: boolean }[];
      assert.deepEqual(
        providers.map(({ name, enabled, has_client_secret }) => ({ name, enabled, has_client_secret })),
        [
          { name: 'entra', enabled: true, has_client_secret: true },
          { name: 'corp', enabled: false, has_client_secret: false },
        ],
      );
      assert.doesNotMatch(asJson.out, new RegExp(SECRET));
    });

    it('enables and disables a provider by name, and says when it already was', async () => {
      const core = await bed.core();
      const enabled = await bed.run(['provider', 'enable', 'corp']);
      assert.equal(enabled.code, 0, enabled.err);
      assert.equal(enabled.out, 'provider "corp" is enabled\n');
      assert.equal((await core.services.providers.list()).find((p) => p.name === 'corp')?.enabled, true);
      assert.equal((await bed.run(['provider', 'enable', 'corp'])).out, 'provider "corp" is already enabled\n');
      const disabled = await bed.run(['provider', 'disable', 'CORP']);
      assert.equal(disabled.code, 0, disabled.err);
      assert.equal(disabled.out, 'provider "corp" is disabled\n');
      assert.equal((await core.services.providers.list()).find((p) => p.name === 'corp')?.enabled, false);
      const unknown = await bed.run(['provider', 'disable', 'nope']);
      assert.equal(unknown.code, 1);
      assert.equal(unknown.err, 'deskgate: No sign-in provider named "nope" (see deskgate provider list)\n');
    });

    it('deletes a provider by name, audited as the command line', async () => {
      const deleted = await bed.run(['provider', 'delete', 'corp']);
      assert.equal(deleted.code, 0, deleted.err);
      assert.equal(deleted.out, 'deleted provider "corp"\n');
      const core = await bed.core();
      assert.deepEqual((await core.services.providers.list()).map((p) => p.name), ['entra']);
      const { data } = await core.services.audit.list({ action: 'provider.delete' }, { current: 1, pageSize: 10 });
      assert.equal(data[0]?.actor.type, 'cli');
      assert.equal(data[0]?.target.name, 'corp');
      assert.equal((await bed.run(['provider', 'delete', 'corp'])).code, 1);
    });
  });

  describe(`deskgate provider test (${engine})`, () => {
    let bed: CliBed;
    let idp: Idp;
    before(async () => {
      bed = await cliBed(engine);
      idp = await startIdp([{ client_id: 'cli-app', client_secret: 'the-right-secret', redirect_uris: ['http://localhost:21114/api/oidc/callback'] }]);
    });
    after(async () => {
      await bed.close();
      await idp.close();
    });

    it('reports each check and the redirect URI, and exits 0 when the provider works', async () => {
      const added = await bed.run(['provider', 'add', 'works', '--issuer', idp.issuer, '--client-id', 'cli-app', '--client-secret', 'the-right-secret']);
      assert.equal(added.code, 0, added.err);
      const result = await bed.run(['provider', 'test', 'works']);
      assert.equal(result.code, 0, result.err + result.out);
      assert.match(result.out, /^ok {3}discovery: /m);
      assert.match(result.out, /^ok {3}client_secret: The token endpoint accepted/m);
      assert.doesNotMatch(result.out, /^FAIL/m);
      assert.match(result.out, /^redirect URI to register: http:\/\/localhost:21114\/api\/oidc\/callback$/m);
    });

    it('names the failing check with what to do, and exits 1, for a wrong secret', async () => {
      await bed.run(['provider', 'add', 'wrong-secret', '--issuer', idp.issuer, '--client-id', 'cli-app', '--client-secret', 'the-secret-id-not-its-value', '--label', 'Wrong']);
      const result = await bed.run(['provider', 'test', 'wrong-secret', '--json']);
      assert.equal(result.code, 1);
      const report = JSON.parse(result.out) as { ok: boolean; checks: { name: string; ok: boolean; fix?: string }[] };
      assert.equal(report.ok, false);
      const secret = report.checks.find((c) => c.name === 'client_secret');
      assert.equal(secret?.ok, false);
      assert.ok(secret?.fix, 'says what to do');
      assert.equal(result.err, 'deskgate: provider "wrong-secret" failed its test\n');
      assert.equal((await bed.run(['provider', 'test', 'missing'])).code, 1);
    });
  });

  describe(`deskgate settings set public_url (${engine})`, () => {
    let bed: CliBed;
    before(async () => {
      bed = await cliBed(engine);
    });
    after(() => bed.close());

    it('says what a valid public URL looks like when it refuses one, and stores a valid one', async () => {
      for (const wrong of ['desk.example.com', 'https://desk.example.com/path', 'ftp://desk.example.com']) {
        const refused = await bed.run(['settings', 'set', 'public_url', wrong]);
        assert.equal(refused.code, 1, wrong);
        assert.equal(
          refused.err,
          'deskgate: Invalid value for public_url: public_url must be an origin: http:// or https://, a host name and an optional port, ' +
            'with no path, e.g. https://desk.example.com or http://desk.example.com:21114 ("" clears it)\n',
        );
      }
      assert.equal((await bed.run(['settings', 'get', 'public_url'])).out, '\n');
      const set = await bed.run(['settings', 'set', 'public_url', 'https://desk.example.com']);
      assert.equal(set.code, 0, set.err);
      assert.equal((await bed.run(['settings', 'get', 'public_url'])).out, 'https://desk.example.com\n');
      const limit = await bed.run(['settings', 'set', 'max_authorized_users', '-1']);
      assert.equal(limit.err, 'deskgate: Invalid value for max_authorized_users: max_authorized_users must be a whole number from 0 (no limit) to 10000000\n');
    });
  });
}
