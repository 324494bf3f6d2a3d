import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { LISTENER_NAME, TOKEN_CHANGES_CHANNEL, createChangeListener, type ChangeListener } from '../../src/store/change-notices.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.js';

/** Quick retries, so that a reconnection takes a moment. */
const TIMINGS = { retryMs: 20, retryMaxMs: 200, probeEveryMs: 60_000, probeTimeoutMs: 5_000 };

/** Waits until `condition` holds (a connection coming and going, a notice on its way), at most a few seconds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited++) {
    if (waited >= 200) assert.fail(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A TCP relay to the database whose open connections can be made to go silent, as a connection
 * through a dead network path does: nothing passes and nothing is closed.
 */
async function silenceableRelay(target: URL) {
  const open = new Set<net.Socket>();
  const server = net.createServer((downstream) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    open.add(downstream).add(upstream);
    downstream.pipe(upstream).pipe(downstream);
    for (const socket of [downstream, upstream]) socket.on('error', () => {}).on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.href);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.href,
    silence() {
      for (const socket of open) {
        socket.unpipe();
        socket.pause();
      }
      open.clear();
    },
    async close() {
      server.close();
      for (const socket of open) socket.destroy();
    },
  };
}

if ((await testEngines()).includes('postgres')) {
  describe('change notices (postgres)', () => {
    let database: TestDatabase;
    let listener: ChangeListener;
    const payloads: string[] = [];
    let losses = 0;
    const notify = (payload: string) => sql`select pg_notify(${TOKEN_CHANGES_CHANNEL}, ${payload})`.execute(database.db.kysely);
    const connections = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from pg_stat_activity where application_name = ${LISTENER_NAME} and datname = current_database()`.execute(
            database.db.kysely,
          )
        ).rows[0]?.n,
      );

    before(async () => {
      database = await createTestDatabase('postgres');
      listener = createChangeListener({ connectionString: database.url }, TOKEN_CHANGES_CHANNEL, TIMINGS);
      listener.onNotice((payload) => payloads.push(payload));
      listener.onLost(() => losses++);
    });
    after(async () => {
      await listener.close();
      await database.drop();
    });

    it('is listening once started, and hands on what the database notifies, but not its own probes', async () => {
      assert.equal(listener.listening, false);
      await listener.start();
      assert.equal(listener.listening, true);
      await notify('t:abc');
      await notify('u:u1');
      await until(() => payloads.length >= 2, 'two notices');
      assert.deepEqual(payloads.splice(0), ['t:abc', 'u:u1']);
    });

    it('reports a lost connection, and listens again on a new one', async () => {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_NAME} and datname = current_database()`.execute(
        database.db.kysely,
      );
      await until(() => losses === 1, 'the loss');
      await until(() => listener.listening, 'listening again');
      await notify('t:after');
      await until(() => payloads.includes('t:after'), 'a notice on the new connection');
      assert.equal(losses, 1);
    });

    it('leaves no connection behind when closed', async () => {
      assert.equal(await connections(), 1);
      await listener.close();
      assert.equal(listener.listening, false);
      assert.equal(await connections(), 0);
    });

    it('finds a connection gone silent by its probe, and listens again on a new one', async () => {
      const relay = await silenceableRelay(new URL(database.url!));
      const quiet = createChangeListener({ connectionString: relay.url }, TOKEN_CHANGES_CHANNEL, { ...TIMINGS, probeEveryMs: 50, probeTimeoutMs: 200 });
      let lost = 0;
      const heard: string[] = [];
      quiet.onLost(() => lost++);
      quiet.onNotice((payload) => heard.push(payload));
      try {
        await quiet.start();
        assert.equal(quiet.listening, true);
        relay.silence();
        await until(() => lost === 1, 'the silent connection counted as lost');
        await until(() => quiet.listening, 'listening again');
        await notify('u:after-silence');
        await until(() => heard.includes('u:after-silence'), 'a notice on the new connection');
      } finally {
        await quiet.close();
        await relay.close();
      }
    });

    it('starts without failing when the database cannot be reached, and keeps trying until closed', async () => {
      const url = new URL(database.url!);
      url.pathname = '/deskgate_no_such_database';
      const unreachable = createChangeListener({ connectionString: url.href }, TOKEN_CHANGES_CHANNEL, TIMINGS);
      await unreachable.start();
      assert.equal(unreachable.listening, false);
      await unreachable.close();
    });
  });
}
