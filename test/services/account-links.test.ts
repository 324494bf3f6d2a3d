import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { NO_ENTRA_KEY, createUser } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';

const ORIGIN = 'http://deskgate.test';
const cli = { type: 'cli' as const, id: '', name: 'test', ip: '' };

for (const engine of await testEngines()) {
  describe(`connecting providers to one's own account (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;

    before(async () => {
      t = await buildTestApp(engine);
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${ORIGIN}/api/oidc/callback`] }]);
      const common = { issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', enabled: true };
      await t.services.providers.create(cli, { ...common, type: 'oidc', name: 'corp', display_name: 'Corp' });
      await t.services.providers.create(cli, { ...common, type: 'oidc', name: 'spare', display_name: 'Spare' });
      await t.services.providers.create(cli, { ...common, type: 'google', name: 'workspace', display_name: 'Workspace', policy: { allowed_email_domains: ['corp.example'] } });
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    async function sessionOf(name: string) {
      const user = (await t.store.users.findByName(name)) ?? (await createUser(t, { name }), (await t.store.users.findByName(name))!);
      return t.services.consoleSessions.create(user, { remember: false, ip: '127.0.0.1', userAgent: 'test' });
    }

    /** Start, the sign-in at the provider as `person`, and what the provider sends back. */
    async function providerAnswer(sessionId: string, provider: string, person: string) {
      idp.signInAs(person);
      const started = await t.services.accountLinks.start({ sessionId, providerName: provider, requestOrigin: ORIGIN });
      const end = await createBrowser().navigate(started.redirect, { stopAt: (next) => next.startsWith(`${ORIGIN}/api/oidc/callback`) });
      return { params: new URL(end.url).searchParams, browserCookie: started.browserCookie };
    }

    const complete = (answer: { params: URLSearchParams; browserCookie: string }, sessionCookie: string | undefined) =>
      t.services.accountLinks.complete({ ...answer, method: 'GET', sessionCookie, ip: '127.0.0.1' });

    it('links the identity to the session’s person, with an audit record; connecting it again changes nothing', async () => {
      const { cookie, session } = await sessionOf('ada');
      const done = await complete(await providerAnswer(session.id, 'corp', 'alice'), cookie);
      assert.deepEqual(done, { provider: 'corp', linked: true, returnTo: '/account' });
      const methods = await t.services.accountLinks.list(session.user.id);
      assert.deepEqual(methods.identities.map((i) => [i.provider_name, i.subject, i.email]), [['corp', 'alice', 'alice@corp.example']]);
      assert.deepEqual(methods.providers.map((p) => [p.name, p.linked]), [['corp', true], ['spare', false], ['workspace', false]]);
      const audit = (await t.services.audit.list({ action: 'identity.link' }, { current: 1, pageSize: 5 })).data;
      assert.deepEqual([audit[0]?.actor.name, audit[0]?.target?.name, audit[0]?.detail.provider], ['ada', 'ada', 'corp']);
      assert.equal((await complete(await providerAnswer(session.id, 'corp', 'alice'), cookie)).linked, false);
      assert.equal((await t.store.identities.listForUser(session.user.id)).length, 1);
    });

    it('refuses an identity linked to another account and leaves it there', async () => {
      const { cookie, session } = await sessionOf('mallory');
      const owner = (await t.store.identities.findByProvider((await t.services.providers.forSignIn({ name: 'corp' })).id, 'alice'))!.user_id;
      await assert.rejects(complete(await providerAnswer(session.id, 'corp', 'alice'), cookie), (e) => isAppError(e, 'account.identity_linked_elsewhere'));
      assert.equal((await t.store.identities.findByProvider((await t.services.providers.forSignIn({ name: 'corp' })).id, 'alice'))!.user_id, owner);
      assert.deepEqual(await t.store.identities.listForUser(session.user.id), []);
    });

    it('refuses a link begun by another session, or whose session ended', async () => {
      const first = await sessionOf('edsger');
      const second = await sessionOf('edsger');
      await assert.rejects(complete(await providerAnswer(first.session.id, 'corp', 'bob'), second.cookie), (e) => isAppError(e, 'account.link_other_session'));
      const answer = await providerAnswer(first.session.id, 'corp', 'bob');
      await t.services.consoleSessions.end(first.session.id);
      await assert.rejects(complete(answer, first.cookie), (e) => isAppError(e, 'account.link_session_ended'));
      await assert.rejects(complete(await providerAnswer(second.session.id, 'corp', 'bob'), undefined), (e) => isAppError(e, 'account.link_session_ended'));
      assert.deepEqual(await t.store.identities.listForUser(first.session.user.id), []);
    });

    it('refuses a provider turned off meanwhile, and one whose policy does not admit the identity', async () => {
      const { cookie, session } = await sessionOf('barbara');
      const spare = await t.services.providers.forSignIn({ name: 'spare' });
      const answer = await providerAnswer(session.id, 'spare', 'bob');
      await t.services.providers.update(cli, spare.id, { enabled: false });
      try {
        await assert.rejects(complete(answer, cookie), (e) => isAppError(e, 'account.link_provider_unavailable'));
        await assert.rejects(t.services.accountLinks.start({ sessionId: session.id, providerName: 'spare', requestOrigin: ORIGIN }), (e) =>
          isAppError(e, 'account.link_provider_unavailable'),
        );
      } finally {
        await t.services.providers.update(cli, spare.id, { enabled: true });
      }
      // The test provider sends no Google `hd`: not of the allowed domain.
      await assert.rejects(complete(await providerAnswer(session.id, 'workspace', 'bob'), cookie), (e) => isAppError(e, 'oidc.domain_not_allowed'));
      assert.deepEqual(await t.store.identities.listForUser(session.user.id), []);
    });

    it('never completes a link as a sign-in, nor a sign-in as a link', async () => {
      const { session } = await sessionOf('alan');
      const answer = await providerAnswer(session.id, 'corp', 'noEmail');
      assert.equal(await t.services.accountLinks.awaitsCallback(answer.params.get('state') ?? ''), true);
      await assert.rejects(
        t.services.sso.handleCallback({ params: answer.params, method: 'GET', browserCookie: answer.browserCookie, ip: '127.0.0.1' }),
        (e) => isAppError(e, 'oidc.transaction_not_found'),
      );
      assert.equal(await t.store.users.findByName('Quiet.Person'), undefined, 'no account was made');

      idp.signInAs('noEmail');
      const signIn = await t.services.sso.startConsole({ providerName: 'corp', requestOrigin: ORIGIN, ip: '127.0.0.1' });
      const end = await createBrowser().navigate(signIn.redirect, { stopAt: (next) => next.startsWith(`${ORIGIN}/api/oidc/callback`) });
      const params = new URL(end.url).searchParams;
      assert.equal(await t.services.accountLinks.awaitsCallback(params.get('state') ?? ''), false);
    });

    it('disconnects through the identity unlink, but never the last way to sign in', async () => {
      const { session } = await sessionOf('radia');
      await t.store.users.update(session.user.id, { password_hash: null });
      const corp = await t.services.providers.forSignIn({ name: 'corp' });
      const spare = await t.services.providers.forSignIn({ name: 'spare' });
      const row = (id: string, provider: string) => ({ ...NO_ENTRA_KEY, id, user_id: session.user.id, provider_id: provider, issuer: idp.issuer, subject: id, email: '', created_at: 1, last_sign_in_at: 1 });
      await t.store.identities.insert(row('radia-corp', corp.id));
      await t.store.identities.insert(row('radia-spare', spare.id));
      const actor = { type: 'user' as const, id: session.user.id, name: 'radia', ip: '' };
      const options = { authority: { scopes: [] }, sessionId: session.id };
      await t.services.accountLinks.unlink(actor, session.user.id, 'radia-spare', options);
      await assert.rejects(t.services.accountLinks.unlink(actor, session.user.id, 'radia-corp', options), (e) => isAppError(e, 'account.last_sign_in_method'));
      assert.deepEqual((await t.store.identities.listForUser(session.user.id)).map((i) => i.id), ['radia-corp']);
    });
  });
}
