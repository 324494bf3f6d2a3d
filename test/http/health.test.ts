import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { buildTestApp } from '../support/app.js';
import { PG_ADMIN_URL, testEngines } from '../support/databases.js';

const engines = await testEngines();

describe('GET /healthz', () => {
  it('answers 200 while SQLite answers and 503 once the database is gone', async () => {
    const t = await buildTestApp('sqlite');
    try {
      assert.deepEqual((await t.app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
      await t.db.close();
      const down = await t.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(down.statusCode, 503);
      assert.equal((down.json() as { status: string }).status, 'unavailable');
    } finally {
      await t.close().catch(() => {});
    }
  });

  if (engines.includes('postgres')) {
    it('answers 503 while PostgreSQL refuses connections, and 200 again when it is back', async () => {
      const t = await buildTestApp('postgres');
      const name = new URL(t.database.url ?? '').pathname.slice(1);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
        await admin.query(`alter database ${name} allow_connections false`);
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
        const down = await t.app.inject({ method: 'GET', url: '/healthz' });
        assert.equal(down.statusCode, 503);
        // Client routes fail cleanly too: a 5xx JSON body, and the process keeps serving.
        const login = await t.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'a', password: 'b' } });
        assert.ok(login.statusCode >= 500, String(login.statusCode));
        assert.equal(typeof (login.json() as { error: unknown }).error, 'string');
        await admin.query(`alter database ${name} allow_connections true`);
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      } finally {
        await admin.query(`alter database ${name} allow_connections true`).catch(() => {});
        await admin.end();
        await t.close();
      }
    });
  }
});
