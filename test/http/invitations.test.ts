import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { INVITATION_TTL_MS } from '../../src/services/invitations.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../support/malformed.js';
import { startSmtp, useSmtp, type SmtpTestServer } from '../support/smtp.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const tokenIn = (text: string) => /\/invitation#token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? assert.fail(`no link in ${text}`);

for (const engine of await testEngines()) {
  describe(`invitations by e-mail (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;
    let relay: SmtpTestServer;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await signInConsole(t, 'root')).headers;
      relay = await startSmtp();
    });
    after(async () => {
      await relay.close();
      await t.close();
    });

    const invite = (payload: object, headers = admin) => t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers, payload });
    const list = () => t.app.inject({ method: 'GET', url: '/api/admin/invitations', headers: admin });
    const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/api/session/invitation/inspect', headers: SAME_ORIGIN, payload: { token } });
    const accept = (payload: object) => t.app.inject({ method: 'POST', url: '/api/session/invitation/accept', headers: SAME_ORIGIN, payload });

    it('needs SMTP set up first', async () => {
      assert.equal(assertJsonError(await invite({ email: 'ann@example.test' }), 409).code, 'mail.not_configured');
      assert.deepEqual((await list()).json(), []);
    });

    it('mails a link to the console that lets the person choose a username and password once, then sign in', async () => {
      await useSmtp(t, relay);
      const made = await invite({ email: 'Ann@Example.test' });
      assert.equal(made.statusCode, 201, made.body);
      const invitation = made.json() as { id: string; email: string; name: string; invited_by: string; expires_at: number; created_at: number };
      assert.equal(invitation.email, 'Ann@Example.test');
      assert.equal(invitation.invited_by, 'root');
      assert.equal(invitation.expires_at - invitation.created_at, INVITATION_TTL_MS);
      assert.ok(!made.body.includes('token'));

      const mail = await relay.next();
      assert.deepEqual(mail.to, ['Ann@example.test']);
      assert.equal(mail.subject, 'You are invited to deskgate');
      // The administrator's own origin (no public URL is set), the token in the fragment.
      assert.match(mail.text, /http:\/\/localhost(:80)?\/invitation#token=/);
      const token = tokenIn(mail.text);
      assert.deepEqual((await list()).json().map((i: { id: string }) => i.id), [invitation.id]);

      // Only one pending invitation per address, whatever its case.
      assert.equal(assertJsonError(await invite({ email: 'ann@example.test' }), 409).code, 'invitation.pending');

      assert.deepEqual((await inspect(token)).json(), { email: 'Ann@Example.test', name: '' });
      assert.equal(assertJsonError(await accept({ token, name: 'ann', password: 'short' }), 400).code, 'user.weak_password');
      assert.equal(assertJsonError(await accept({ token, name: 'bad name!', password: PASSWORD }), 400).code, 'user.invalid_name');
      assert.equal(assertJsonError(await accept({ token, name: 'ROOT', password: PASSWORD }), 409).code, 'user.name_taken');
      assert.equal(assertJsonError(await accept({ token, password: PASSWORD }), 400).code, 'user.invalid_name');

      const accepted = await accept({ token, name: 'ann', password: PASSWORD });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.deepEqual(accepted.json(), { name: 'ann' });
      const ann = await t.services.users.findByName('ann');
      assert.ok(ann);
      assert.equal(ann.email, 'Ann@Example.test');
      assert.equal(ann.is_admin, false);
      assert.deepEqual((await t.services.users.get(ann.id)).groups.map((g) => g.name), ['Default']);
      await signInConsole(t, 'ann');

      // Single use, and gone from the list; each try of a spent link is in the failed sign-ins log.
      assert.equal(assertJsonError(await accept({ token, name: 'ann2', password: PASSWORD }), 400).code, 'invitation.invalid');
      assert.equal(assertJsonError(await inspect(token), 400).code, 'invitation.invalid');
      const failures = (await t.store.signInAttempts.listFailures({}, { current: 1, pageSize: 5 })).rows;
      assert.deepEqual(failures.slice(0, 2).map((f) => [f.reason, f.channel, f.kind]), [
        ['invalid_invitation_link', 'console', 'password'],
        ['invalid_invitation_link', 'console', 'password'],
      ]);
      assert.deepEqual((await list()).json(), []);

      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?target=Ann@Example.test', headers: admin });
      const actions = (audit.json() as { data: { action: string; actor: { name: string } }[] }).data.map((r) => `${r.action} by ${r.actor.name}`);
      assert.deepEqual(actions, ['invitation.accept by ann', 'invitation.create by root']);
    });

    it('uses the username the administrator chose, whatever the person sends', async () => {
      await invite({ email: 'bob@example.test', name: 'robert' });
      const token = tokenIn((await relay.next()).text);
      assert.deepEqual((await inspect(token)).json(), { email: 'bob@example.test', name: 'robert' });
      assert.deepEqual((await accept({ token, name: 'eve', password: PASSWORD })).json(), { name: 'robert' });
      assert.equal(await t.services.users.findByName('eve'), undefined);
      // A name already taken is refused when inviting.
      assert.equal(assertJsonError(await invite({ email: 'rob2@example.test', name: 'Robert' }), 409).code, 'user.name_taken');
    });

    it('makes the account in the groups the invitation names, an administrator if it says so; a group deleted meanwhile is left out', async () => {
      const ops = await t.services.groups.create(systemActor, { name: 'Ops' });
      const lab = await t.services.groups.create(systemActor, { name: 'Lab' });
      const made = await invite({ email: 'erin@example.test', group_ids: [ops.id, lab.id, ops.id], is_admin: true });
      assert.equal(made.statusCode, 201, made.body);
      const listed = (await list()).json() as { email: string; is_admin: boolean; groups: { name: string }[] }[];
      const erin = listed.find((i) => i.email === 'erin@example.test');
      assert.deepEqual([erin?.is_admin, erin?.groups.map((g) => g.name)], [true, ['Lab', 'Ops']]);
      const token = tokenIn((await relay.next()).text);
      await t.services.groups.delete(systemActor, lab.id);
      assert.deepEqual((await accept({ token, name: 'erin', password: PASSWORD })).json(), { name: 'erin' });
      const account = await t.services.users.get((await t.services.users.findByName('erin'))!.id);
      assert.deepEqual([account.is_admin, account.groups.map((g) => g.name)], [true, ['Ops']]);

      // Every group gone: the Default group, as for an invitation that names none.
      const temp = await t.services.groups.create(systemActor, { name: 'Temp' });
      await invite({ email: 'fay@example.test', group_ids: [temp.id] });
      const fayToken = tokenIn((await relay.next()).text);
      await t.services.groups.delete(systemActor, temp.id);
      await accept({ token: fayToken, name: 'fay', password: PASSWORD });
      const fay = await t.services.users.get((await t.services.users.findByName('fay'))!.id);
      assert.deepEqual([fay.is_admin, fay.groups.map((g) => g.name)], [false, ['Default']]);

      // A group that does not exist is refused when inviting, and nothing is sent.
      assert.equal(assertJsonError(await invite({ email: 'gil@example.test', group_ids: ['no-such-group'] }), 404).code, 'group.not_found');
      assert.ok(!(await list()).json().some((i: { email: string }) => i.email === 'gil@example.test'));
    });

    it('lets only an administrator invite an administrator', async () => {
      const writer = (await createApiToken(t, ['users:write'], 'inviter')).headers;
      assert.equal(assertJsonError(await invite({ email: 'hal@example.test', is_admin: true }, writer), 403).code, 'auth.scope');
      assert.ok(!(await list()).json().some((i: { email: string }) => i.email === 'hal@example.test'));
    });

    it('expires after 72 hours; resending sends a new link, the old one stops working', async () => {
      const { id } = (await invite({ email: 'carol@example.test' })).json() as { id: string };
      const first = tokenIn((await relay.next()).text);
      t.clock.advance(INVITATION_TTL_MS);
      admin = (await signInConsole(t, 'root')).headers;
      assert.equal(assertJsonError(await inspect(first), 400).code, 'invitation.invalid');
      assert.equal(assertJsonError(await accept({ token: first, name: 'carol', password: PASSWORD }), 400).code, 'invitation.invalid');

      const resent = await t.app.inject({ method: 'POST', url: `/api/admin/invitations/${id}/resend`, headers: admin });
      assert.equal(resent.statusCode, 200, resent.body);
      assert.equal(resent.json().expires_at, t.clock.now() + INVITATION_TTL_MS);
      const second = tokenIn((await relay.next()).text);
      assert.notEqual(second, first);
      assert.equal(assertJsonError(await inspect(first), 400).code, 'invitation.invalid');
      t.clock.advance(INVITATION_TTL_MS - 1);
      assert.deepEqual((await accept({ token: second, name: 'carol', password: PASSWORD })).json(), { name: 'carol' });
      admin = (await signInConsole(t, 'root')).headers;
    });

    it('revokes: the link stops working; audited', async () => {
      const { id } = (await invite({ email: 'dan@example.test' })).json() as { id: string };
      const token = tokenIn((await relay.next()).text);
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/admin/invitations/${id}`, headers: admin });
      assert.equal(revoked.statusCode, 204);
      assert.equal(assertJsonError(await accept({ token, name: 'dan', password: PASSWORD }), 400).code, 'invitation.invalid');
      assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/admin/invitations/${id}`, headers: admin }), 404);
      assertJsonError(await t.app.inject({ method: 'POST', url: `/api/admin/invitations/${id}/resend`, headers: admin }), 404);
      const audit = (await t.services.audit.list({ action: 'invitation.revoke' }, { current: 1, pageSize: 5 })).data;
      assert.equal(audit[0]?.target.name, 'dan@example.test');
    });

    it('records nothing when the mail server refuses the address', async () => {
      const refusing = await startSmtp({ refuse: () => true });
      try {
        await useSmtp(t, refusing);
        assert.equal(assertJsonError(await invite({ email: 'gone@example.test' }), 400).code, 'mail.refused');
        assert.deepEqual((await list()).json(), []);
      } finally {
        await useSmtp(t, relay);
        await refusing.close();
      }
    });

    it('lets one of two browsers racing with one link make the account', async () => {
      await invite({ email: 'race@example.test' });
      const token = tokenIn((await relay.next()).text);
      const answers = await Promise.all(['racer1', 'racer2', 'racer3'].map((name) => accept({ token, name, password: PASSWORD })));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400, 400]);
      const made = await Promise.all(['racer1', 'racer2', 'racer3'].map((name) => t.services.users.findByName(name)));
      assert.equal(made.filter(Boolean).length, 1);
    });

    it('needs users:write to invite, users:read to list', async () => {
      const reader = (await createApiToken(t, ['users:read'], 'reader')).headers;
      assertJsonError(await invite({ email: 'x@example.test' }, reader), 403);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/invitations', headers: reader })).statusCode, 200);
      const writer = (await createApiToken(t, ['users:write'], 'writer')).headers;
      assert.equal((await invite({ email: 'w@example.test' }, writer)).statusCode, 201);
      await relay.next();
    });

    it('refuses cross-site and non-JSON requests to the public pages', async () => {
      const form = await t.app.inject({ method: 'POST', url: '/api/session/invitation/accept', headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'token=x' });
      assert.equal(assertJsonError(form, 415).code, 'request.json_required');
      const cross = await t.app.inject({ method: 'POST', url: '/api/session/invitation/accept', headers: { origin: 'https://evil.example' }, payload: { token: 'a'.repeat(43), password: PASSWORD } });
      assert.equal(assertJsonError(cross, 403).code, 'request.cross_site');
    });

    describe('malformed input', () => {
      let invitationId = '';
      before(async () => {
        const made = await t.services.invitations.invite(systemActor, { email: 'target@example.test' }, 'http://localhost');
        invitationId = made.id;
        await relay.next();
      });
      const routes: RouteExample[] = [
        { method: 'POST', path: '/api/admin/invitations', body: { email: 'victim@example.test', name: 'victim', group_ids: [], is_admin: false } },
        { method: 'POST', path: '/api/admin/invitations/:id/resend' },
        { method: 'DELETE', path: '/api/admin/invitations/:id' },
        { method: 'POST', path: '/api/session/invitation/inspect', body: { token: 'a'.repeat(43) } },
        { method: 'POST', path: '/api/session/invitation/accept', body: { token: 'a'.repeat(43), name: 'victim', password: PASSWORD } },
      ];
      for (const route of routes) {
        it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error`, async () => {
          const headers = route.path.startsWith('/api/admin/') ? admin : SAME_ORIGIN;
          for (const { name, request, status, router } of malformedCases(route, invitationId)) {
            const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
            assertJsonError(response, status, { router: router ?? false });
            assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
          }
          // The id-only routes must not have used up the target with their valid requests.
        });
      }
      it('left the target invitation pending and made no account', async () => {
        assert.ok((await list()).json().some((i: { id: string }) => i.id === invitationId));
        assert.equal(await t.services.users.findByName('victim'), undefined);
      });
    });
  });
}
