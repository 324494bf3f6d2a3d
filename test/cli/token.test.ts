import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../support/databases.js';
import { cliBed, type CliBed } from './cli-harness.js';

for (const engine of await testEngines()) {
  describe(`deskgate token (${engine})`, () => {
    let bed: CliBed;
    let token = '';

    before(async () => {
      bed = await cliBed(engine);
    });
    after(() => bed.close());

    it('prints the new token alone on stdout, and it verifies with its scopes', async () => {
      const result = await bed.run(['token', 'create', '--name', 'backup', '--scopes', 'users:read, audit:read']);
      assert.equal(result.code, 0, result.err);
      assert.match(result.out, /^dgt_[A-Za-z0-9_-]{43}\n$/);
      assert.match(result.err, /created API token "backup" .*shown only this once/);
      assert.ok(!result.err.includes('dgt_'), 'the token appears once, on stdout');
      token = result.out.trimEnd();

      const verified = await (await bed.core()).services.apiTokens.verify(token);
      assert.equal(verified?.name, 'backup');
      assert.deepEqual(verified?.scopes, ['users:read', 'audit:read']);
      assert.match(verified?.created_by ?? '', /^cli(:.+)?$/);
    });

    it('accepts scopes as several words and an expiry in days', async () => {
      const result = await bed.run(['token', 'create', '--name', 'ci', '--scopes', 'admin', 'groups:write', '--expires-in-days', '7']);
      assert.equal(result.code, 0, result.err);
      const core = await bed.core();
      const verified = await core.services.apiTokens.verify(result.out.trimEnd());
      assert.deepEqual(verified?.scopes, ['admin', 'groups:write']);
      assert.equal(verified?.expires_at, (verified?.created_at ?? 0) + 7 * 86_400_000);
    });

    it('refuses unknown scopes, missing options and a bad expiry without creating a token', async () => {
      const unknown = await bed.run(['token', 'create', '--name', 'x', '--scopes', 'users:delete']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /^deskgate: Unknown scope "users:delete"; use admin or <area>:read\|write/);
      const noScopes = await bed.run(['token', 'create', '--name', 'x']);
      assert.equal(noScopes.code, 1);
      assert.match(noScopes.err, /required option '--scopes <scopes\.\.\.>' not specified/);
      const badDays = await bed.run(['token', 'create', '--name', 'x', '--scopes', 'admin', '--expires-in-days', '0']);
      assert.equal(badDays.code, 1);
      assert.match(badDays.err, /a whole number of days from 1 to 3650/);
      for (const result of [unknown, noScopes, badDays]) assert.equal(result.out, '');
      assert.deepEqual((await (await bed.core()).services.apiTokens.list()).map((t) => t.name).sort(), ['backup', 'ci']);
    });

    it('lists tokens without their values, as a table and as JSON', async () => {
      const table = await bed.run(['token', 'list']);
      assert.equal(table.code, 0, table.err);
      assert.match(table.out, /^ID\s+NAME\s+SCOPES\s+CREATED BY\s+CREATED\s+LAST USED\s+EXPIRES\n/);
      assert.match(table.out, /\bbackup\s+users:read,audit:read\s+cli/);
      const json = await bed.run(['token', 'list', '--json']);
      const tokens = JSON.parse(json.out) as Record<string, unknown>[];
      assert.deepEqual(tokens.map((t) => t.name).sort(), ['backup', 'ci']);
      for (const output of [table.out, json.out]) {
        assert.ok(!output.includes(token), 'no token value');
        assert.ok(!output.includes('dgt_'));
        assert.ok(!output.includes('token_hash'));
      }
    });

    it('revokes a token by id; it stops verifying at once', async () => {
      const core = await bed.core();
      const backup = (await core.services.apiTokens.list()).find((t) => t.name === 'backup')!;
      const result = await bed.run(['token', 'revoke', backup.id]);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'revoked API token "backup"\n');
      assert.equal(await core.services.apiTokens.verify(token), undefined);
      assert.doesNotMatch((await bed.run(['token', 'list'])).out, /backup/);
      assert.match((await bed.run(['token', 'list', '--all'])).out, /REVOKED\n(.|\n)*backup/);
    });

    it('revokes by name when one live token has it, and refuses an ambiguous name', async () => {
      for (let i = 0; i < 2; i++) assert.equal((await bed.run(['token', 'create', '--name', 'twin', '--scopes', 'admin'])).code, 0);
      const ambiguous = await bed.run(['token', 'revoke', 'twin']);
      assert.equal(ambiguous.code, 1);
      assert.match(ambiguous.err, /2 live tokens are named "twin"; revoke one by id/);

      const byName = await bed.run(['token', 'revoke', 'ci']);
      assert.equal(byName.code, 0, byName.err);
      assert.ok(!(await (await bed.core()).services.apiTokens.list()).some((t) => t.name === 'ci'));
    });

    it('answers "Token not found" for an unknown or already revoked token', async () => {
      const core = await bed.core();
      const revoked = (await core.services.apiTokens.list(true)).find((t) => t.name === 'backup')!;
      for (const id of ['no-such-token', revoked.id]) {
        const result = await bed.run(['token', 'revoke', id]);
        assert.equal(result.code, 1);
        assert.equal(result.err, 'deskgate: Token not found\n');
      }
    });

    it('audits creation and revocation with the command-line actor, never the token', async () => {
      const { data } = await (await bed.core()).services.audit.list({ action: 'token.' }, { current: 1, pageSize: 50 });
      assert.ok(data.some((r) => r.action === 'token.create'));
      assert.ok(data.some((r) => r.action === 'token.revoke'));
      for (const record of data) assert.equal(record.actor.type, 'cli');
      assert.ok(!JSON.stringify(data).includes('dgt_'));
    });
  });
}
