/**
 * What the log holds at `info` (src/http/activity-log.ts): one line per sign-in, failed sign-in
 * and administrative change, with the fields an administrator searches for, and nothing for a
 * plain request, which is logged at `debug`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser, signInConsole } from '../support/fixtures.js';
import { dart, loginBody } from '../support/rustdesk-client.js';

type Line = Record<string, unknown> & { level: number; msg: string };
const INFO = 30;
const DEBUG = 20;

for (const engine of await testEngines()) {
  for (const level of ['info', 'debug'] as const) {
    describe(`the log at ${level} (${engine})`, () => {
      const lines: Line[] = [];
      let t: TestApp;

      before(async () => {
        t = await buildTestApp(engine, { logger: { level, stream: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } } });
        await createUser(t, { name: 'root', is_admin: true });
        await createUser(t, { name: 'dana' });
      });
      after(() => t.close());

      /** What one step adds to the log, at info and above. */
      async function logged(step: () => Promise<unknown>): Promise<Line[]> {
        const from = lines.length;
        await step();
        return lines.slice(from).filter((line) => line.level >= INFO);
      }

      it('a plain request leaves no info line, and a debug line only at debug', async () => {
        const from = lines.length;
        const info = await logged(() => t.app.inject({ method: 'GET', url: '/api/login-options' }));
        assert.deepEqual(info, []);
        const debug = lines.slice(from).filter((line) => line.level === DEBUG && line.msg === 'request completed');
        if (level === 'debug') {
          assert.equal(debug.length, 1);
          assert.deepEqual((debug[0]?.req as { url: string }).url, '/api/login-options');
          assert.equal((debug[0]?.res as { statusCode: number }).statusCode, 200);
        } else {
          assert.deepEqual(debug, []);
        }
      });

      it('a password sign-in of a RustDesk client and of the console: one line each, who, how, channel and address', async () => {
        const client = await logged(() => t.app.inject({ ...dart('POST', '/api/login', loginBody('dana', PASSWORD)), remoteAddress: '192.0.2.7' }));
        assert.deepEqual(
          client.map(({ event, user, method, channel, ip, msg }) => ({ event, user, method, channel, ip, msg })),
          [{ event: 'sign_in', user: 'dana', method: 'password', channel: 'client', ip: '192.0.2.7', msg: 'dana signed in to the RustDesk client by password' }],
        );
        const console = await logged(() => signInConsole(t, 'dana'));
        assert.deepEqual(
          console.map(({ event, user, method, channel, msg }) => ({ event, user, method, channel, msg })),
          [{ event: 'sign_in', user: 'dana', method: 'password', channel: 'console', msg: 'dana signed in to the console by password' }],
        );
      });

      it('a failed sign-in: one line with the name tried, the reason and the address, never the password', async () => {
        const failed = await logged(() => t.app.inject({ ...dart('POST', '/api/login', loginBody('dana', 'wrong-password-123')), remoteAddress: '192.0.2.8' }));
        assert.deepEqual(
          failed.map(({ event, code, user, ip, route }) => ({ event, code, user, ip, route })),
          [{ event: 'sign_in_failed', code: 'auth.invalid_credentials', user: 'dana', ip: '192.0.2.8', route: '/api/login' }],
        );
        assert.match(failed[0]?.msg ?? '', /^sign-in failed: /);
        assert.doesNotMatch(JSON.stringify(failed), /wrong-password-123/);
      });

      it('an administrative change: one line per audit record, with action, actor and target', async () => {
        const admin = await signInConsole(t, 'root');
        const created = await logged(() =>
          t.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload: { name: 'erin', password: PASSWORD } }),
        );
        assert.deepEqual(
          created.map(({ event, action, actor, actor_type, target_type, target, msg }) => ({ event, action, actor, actor_type, target_type, target, msg })),
          [{ event: 'admin_change', action: 'user.create', actor: 'root', actor_type: 'user', target_type: 'user', target: 'erin', msg: 'user.create by root on user erin' }],
        );
        // A refused change writes no record, and so no line.
        const refused = await logged(() =>
          t.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload: { name: 'erin', password: PASSWORD } }),
        );
        assert.deepEqual(refused, []);
      });
    });
  }
}
