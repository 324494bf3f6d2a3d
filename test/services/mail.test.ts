import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import type { MailFailure } from '../../src/services/mail.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { startSmtp, useSmtp, type SmtpTestServer } from '../support/smtp.js';

const code = (c: ErrorCode, says?: RegExp) => (error: unknown) => isAppError(error, c) && (!says || says.test(error.publicMessage));
const script: Actor = { type: 'token', id: 't1', name: 'script', ip: '10.0.0.9' };

/** A port where nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const engine of await testEngines()) {
  describe(`mail (${engine})`, () => {
    let t: TestApp;
    const servers: SmtpTestServer[] = [];
    const failures: MailFailure[] = [];
    const start = async (...args: Parameters<typeof startSmtp>) => {
      const server = await startSmtp(...args);
      servers.push(server);
      return server;
    };

    before(async () => {
      t = await buildTestApp(engine);
      t.services.mail.onFailure((failure) => failures.push(failure));
    });
    after(async () => {
      for (const server of servers) await server.close();
      await t.close();
    });

    it('refuses to send before SMTP is set up', async () => {
      assert.equal(await t.services.mail.configured(), false);
      assert.equal((await t.services.smtpSettings.get()).configured, false);
      await assert.rejects(t.services.mail.send({ to: 'ann@example.test', subject: 'Hi', text: 'Hello' }), code('mail.not_configured'));
    });

    it('sends through a plain local relay: sender, recipient, subject and text arrive', async () => {
      const relay = await start();
      await useSmtp(t, relay);
      assert.equal(await t.services.mail.configured(), true);
      await t.services.mail.send({ to: 'Ann Example <ann@example.test>', subject: 'Your invitation — café', text: 'Line one\nLine two: ünïcödé' });
      const mail = await relay.next();
      assert.equal(mail.from, 'deskgate@example.test');
      assert.deepEqual(mail.to, ['ann@example.test']);
      assert.equal(mail.headers.from, 'deskgate <deskgate@example.test>');
      assert.equal(mail.subject, 'Your invitation — café');
      assert.equal(mail.text, 'Line one\nLine two: ünïcödé');
      assert.equal(mail.html, undefined);
      assert.equal(mail.secure, false);

      await t.services.mail.send({ to: 'ann@example.test', subject: 'Both', text: 'plain', html: '<p>rich</p>' });
      const both = await relay.next();
      assert.equal(both.text, 'plain');
      assert.equal(both.html, '<p>rich</p>');
    });

    it('refuses a recipient that is not one address, before connecting', async () => {
      for (const to of ['', 'not-an-address', 'a@example.test, b@example.test', 'ann@example.test\r\nBcc: eve@example.test']) {
        await assert.rejects(t.services.mail.send({ to, subject: 'x', text: 'x' }), code('mail.invalid_address'), JSON.stringify(to));
      }
    });

    it('upgrades with STARTTLS, trusts the custom CA and signs in; the password is sealed and never returned', async () => {
      const server = await start({ security: 'starttls', auth: { user: 'mailer', pass: 's3cret-smtp-pass' } });
      await useSmtp(t, server, { username: 'mailer', password: 's3cret-smtp-pass' });
      const view = await t.services.smtpSettings.get();
      assert.equal(view.has_password, true);
      assert.equal(view.security, 'starttls');
      assert.ok(!JSON.stringify(view).includes('s3cret'));
      const stored = JSON.stringify(await t.store.settings.get('smtp'));
      assert.ok(!stored.includes('s3cret-smtp-pass'), 'the password is sealed at rest');
      const records = (await t.services.audit.list({ action: 'smtp.update' }, { current: 1, pageSize: 50 })).data;
      assert.ok(records.length > 0);
      assert.ok(records.every((r) => !JSON.stringify(r).includes('s3cret')), 'the audit never holds the password');
      assert.equal(records[0]!.detail.password, 'set');

      await t.services.mail.send({ to: 'bob@example.test', subject: 'Over TLS', text: 'secret link' });
      const mail = await server.next();
      assert.equal(mail.secure, true);
      assert.equal(mail.user, 'mailer');
      assert.equal(mail.text, 'secret link');

      // Changing another field keeps the password; a wrong one is the server's refusal, not a 5xx.
      await useSmtp(t, server, { username: 'mailer', password: 'wrong-password' });
      await assert.rejects(t.services.mail.send({ to: 'bob@example.test', subject: 'x', text: 'x' }), code('mail.auth_failed'));
      await assert.rejects(t.services.mail.test('bob@example.test'), code('mail.auth_failed', /The server said: .*Invalid username or password/));
    });

    it('speaks implicit TLS with the custom CA', async () => {
      const server = await start({ security: 'tls' });
      await useSmtp(t, server, { security: 'tls' });
      const sent = await t.services.mail.test('carol@example.test');
      assert.match(sent.response, /^250 /);
      const mail = await server.next();
      assert.equal(mail.secure, true);
      assert.deepEqual(mail.to, ['carol@example.test']);
    });

    it('refuses a certificate no trusted CA signed, and a server that does not offer STARTTLS when it is required', async () => {
      const server = await start({ security: 'starttls' });
      await useSmtp(t, server, { ca_pem: '' });
      await assert.rejects(t.services.mail.send({ to: 'dan@example.test', subject: 'x', text: 'x' }), code('mail.tls_failed'));
      const plain = await start();
      await useSmtp(t, plain, { security: 'starttls' });
      await assert.rejects(t.services.mail.send({ to: 'dan@example.test', subject: 'x', text: 'x' }), code('mail.tls_failed'));
      assert.equal(server.messages.length + plain.messages.length, 0);
    });

    it('says what the server answered when it refuses a recipient', async () => {
      const server = await start({ refuse: (to) => to.startsWith('nobody@') });
      await useSmtp(t, server);
      failures.length = 0;
      await assert.rejects(t.services.mail.send({ to: 'nobody@example.test', subject: 'x', text: 'x' }), (error: unknown) => {
        // Whoever triggered the message is not told the server's words; the log is.
        assert.ok(isAppError(error, 'mail.refused'));
        assert.equal(error.publicMessage, 'The mail server refused the message');
        return true;
      });
      assert.match(failures[0]!.detail, /Recipient address rejected/);
      await assert.rejects(t.services.mail.test('nobody@example.test'), code('mail.refused', /The server said: .*550.*Recipient address rejected/));
      const sent = await t.services.mail.test('erin@example.test');
      assert.match(sent.response, /^250 /);
      assert.equal((await server.next()).subject, 'deskgate test e-mail');
    });

    it('answers clearly when the server cannot be reached or does not answer', async () => {
      await useSmtp(t, { host: '127.0.0.1', port: await closedPort(), security: 'none', caPem: '' } as SmtpTestServer);
      failures.length = 0;
      await assert.rejects(t.services.mail.send({ to: 'fay@example.test', subject: 'x', text: 'x' }), code('mail.unreachable'));
      assert.equal(failures[0]!.code, 'mail.unreachable');
      assert.match(failures[0]!.detail, /ECONNREFUSED/);

      // A server that takes the connection and never greets: the configured timeout ends it.
      const sockets: Socket[] = [];
      const silent: Server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        await useSmtp(t, { host: '127.0.0.1', port: (silent.address() as AddressInfo).port, security: 'none', caPem: '' } as SmtpTestServer, { timeout_seconds: 1 });
        await assert.rejects(t.services.mail.send({ to: 'fay@example.test', subject: 'x', text: 'x' }), code('mail.timeout'));
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('refuses settings nodemailer could not use, and keeps the last good ones', async () => {
      const before = await t.services.smtpSettings.get();
      for (const input of [
        { host: 'smtp://mail.example.test' },
        { host: 'mail example test' },
        { host: 'mail.example.test:587' },
        { from: 'not an address' },
        { from: 'a@example.test, b@example.test' },
        { from: '' },
        { ca_pem: 'not a certificate' },
        { username: 'mailer\r\nRCPT TO:<x@y>' },
      ]) {
        await assert.rejects(t.services.smtpSettings.update(systemActor, input), code('mail.invalid_settings'), JSON.stringify(input));
      }
      assert.deepEqual(await t.services.smtpSettings.get(), before);
    });

    it('needs the admin scope to change: whoever picks the server reads every reset link', async () => {
      await assert.rejects(t.services.smtpSettings.update(script, { port: 25 }, { scopes: ['settings:write'] }), code('auth.scope'));
      await t.services.smtpSettings.update(script, { port: 2525 }, { scopes: ['admin'] });
      assert.equal((await t.services.smtpSettings.get()).port, 2525);
    });

    it('drops the password with the username, and turns e-mail off with an empty host', async () => {
      const server = await start({ auth: { user: 'mailer', pass: 'pw' } });
      await useSmtp(t, server, { username: 'mailer', password: 'pw' });
      assert.equal((await t.services.smtpSettings.get()).has_password, true);
      await t.services.smtpSettings.update(systemActor, { username: '' });
      assert.equal((await t.services.smtpSettings.get()).has_password, false);
      // Absent or empty password: unchanged.
      await t.services.smtpSettings.update(systemActor, { username: 'mailer', password: 'pw' });
      await t.services.smtpSettings.update(systemActor, { password: '' });
      assert.equal((await t.services.smtpSettings.get()).has_password, true);
      await t.services.smtpSettings.update(systemActor, { host: '', from: '' });
      assert.equal(await t.services.mail.configured(), false);
      await assert.rejects(t.services.mail.send({ to: 'gus@example.test', subject: 'x', text: 'x' }), code('mail.not_configured'));
    });
  });
}
