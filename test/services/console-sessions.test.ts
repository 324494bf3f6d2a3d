import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { createConsoleSessionService } from '../../src/services/console-sessions.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const HOUR = 3_600_000;

for (const engine of await testEngines()) {
  describe(`console sessions (${engine})`, () => {
    let t: TestApp;
    let sessions: ReturnType<typeof createConsoleSessionService>;
    before(async () => {
      t = await buildTestApp(engine);
      sessions = createConsoleSessionService({ store: t.store, clock: t.clock, ttlHours: 12, rememberDays: 30 });
    });
    after(() => t.close());

    async function person(name: string) {
      await createUser(t, { name });
      const row = await t.services.users.findByName(name);
      assert.ok(row);
      return row;
    }
    const options = { remember: false, ip: '10.0.0.1', userAgent: 'Firefox' };

    it('signs in by an opaque cookie kept only as a hash, with a CSRF token of its own', async () => {
      const user = await person('cookie-person');
      const { cookie, session } = await sessions.create(user, options);
      assert.match(cookie, /^[A-Za-z0-9_-]{32,}$/);
      assert.notEqual(session.csrfToken, cookie);
      const rows = await t.database.db.kysely.selectFrom('console_sessions').selectAll().where('id', '=', session.id).execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(cookie), 'the cookie is stored in clear');
      const resolved = await sessions.resolve(cookie);
      assert.equal(resolved?.id, session.id);
      assert.equal(resolved?.user.name, 'cookie-person');
      assert.equal(resolved?.csrfToken, session.csrfToken);
      for (const wrong of ['', `${cookie}x`, session.csrfToken, 'c'.repeat(201)]) assert.equal(await sessions.resolve(wrong), undefined);
    });

    it('ends a session at its absolute lifetime: 12 hours, or 30 days when remembered', async () => {
      const user = await person('lifetime-person');
      const short = await sessions.create(user, options);
      const long = await sessions.create(user, { ...options, remember: true });
      assert.equal(short.session.expiresAt, t.clock.now() + 12 * HOUR);
      assert.equal(long.session.expiresAt, t.clock.now() + 30 * 24 * HOUR);
      // Use does not extend it.
      t.clock.advance(6 * HOUR);
      assert.ok(await sessions.resolve(short.cookie));
      t.clock.advance(6 * HOUR - 1);
      assert.ok(await sessions.resolve(short.cookie));
      t.clock.advance(1);
      assert.equal(await sessions.resolve(short.cookie), undefined);
      assert.ok(await sessions.resolve(long.cookie));
      t.clock.advance(30 * 24 * HOUR);
      assert.equal(await sessions.resolve(long.cookie), undefined);
    });

    it('gives a disabled person no session, and their sessions back when enabled again', async () => {
      const user = await person('disabled-person');
      const { cookie } = await sessions.create(user, options);
      await t.services.users.setStatus(systemActor, user.id, 0);
      assert.equal(await sessions.resolve(cookie), undefined);
      await t.services.users.setStatus(systemActor, user.id, 1);
      assert.ok(await sessions.resolve(cookie));
    });

    it('ends one session, only for its own user when one is named, or all of a user’s', async () => {
      const user = await person('ending-person');
      const other = await person('other-person');
      const a = await sessions.create(user, options);
      const b = await sessions.create(user, { ...options, userAgent: 'Chrome' });
      const c = await sessions.create(user, options);
      const theirs = await sessions.create(other, options);
      assert.equal(await sessions.end(a.session.id, other.id), false);
      assert.ok(await sessions.resolve(a.cookie));
      assert.equal(await sessions.end(a.session.id, user.id), true);
      assert.equal(await sessions.resolve(a.cookie), undefined);
      assert.equal(await sessions.end(a.session.id, user.id), false);
      assert.deepEqual((await sessions.listForUser(user.id)).map((s) => s.id).sort(), [b.session.id, c.session.id].sort());
      assert.equal(await sessions.endAllForUser(user.id), 2);
      assert.equal(await sessions.resolve(b.cookie), undefined);
      assert.deepEqual(await sessions.listForUser(user.id), []);
      assert.ok(await sessions.resolve(theirs.cookie));
    });

    it('lists what a person sees of their sessions, never the cookie or the CSRF token', async () => {
      const user = await person('listed-person');
      const { cookie, session } = await sessions.create(user, { remember: true, ip: '192.0.2.4', userAgent: 'x'.repeat(500) });
      const [listed] = await sessions.listForUser(user.id);
      assert.equal(listed?.id, session.id);
      assert.equal(listed?.ip, '192.0.2.4');
      assert.equal(listed?.remember, true);
      assert.equal(listed?.user_agent.length, 300);
      assert.ok(!JSON.stringify(listed).includes(cookie));
      assert.ok(!JSON.stringify(listed).includes(session.csrfToken));
    });
  });
}
