import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { DEVICE, rust } from '../../support/rustdesk-client.js';

type Session = Awaited<ReturnType<typeof signInConsole>>;

interface OwnDevice {
  id: string;
  alias: string;
  hostname: string;
  username: string;
  os: string;
  version: string;
  note: string;
  enabled: boolean;
  group_name: string | null;
  online: boolean;
  last_online_at: number;
}

const URL = '/api/account/owned-devices';

const route: RouteExample = {
  method: 'GET',
  path: URL,
  paged: true,
  badQuery: { online: ['yes', '2', ''], search: ['x'.repeat(129), '%00'] },
};

/** What client 1.4.9 uploads (spec/rustdesk-client-api.md §5.3). */
const sysinfoBody = (device: { id: string; uuid: string }, hostname: string) => ({
  cpu: 'Intel(R) Core(TM) i7-9750H CPU, 2.59GHz, 12/6 cores',
  memory: '15.85GB',
  os: 'windows / Windows 10 Pro - 10.0.19045',
  hostname,
  username: 'desk-user',
  version: '1.4.9',
  id: device.id,
  uuid: device.uuid,
});

for (const engine of await testEngines()) {
  describe(`account API: my devices (${engine})`, () => {
    let t: TestApp;
    let alice: Session;
    let bob: Session;
    let aliceId: string;
    let bobId: string;
    let n = 0;
    const newDevice = () => ({ id: `${810_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    /** A device reporting in as the client does (its sysinfo upload, which counts as being heard from), owned by `ownerId` if given. */
    async function report(hostname: string, ownerId: string | null, extra: { alias?: string; note?: string; group_id?: string } = {}) {
      const device = newDevice();
      assert.equal((await t.app.inject(rust('/api/sysinfo', sysinfoBody(device, hostname)))).body, 'SYSINFO_UPDATED');
      if (ownerId || Object.keys(extra).length > 0) await t.services.deviceAdmin.update(systemActor, device.id, { user_id: ownerId, ...extra });
      return device;
    }
    const list = async (session: Session, query = '') => {
      const response = await t.app.inject({ method: 'GET', url: `${URL}${query}`, headers: session.headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { total: number; data: OwnDevice[] };
    };
    const hostnames = async (session: Session, query = '') => (await list(session, query)).data.map((d) => d.hostname);

    let aliceLaptop: { id: string; uuid: string };
    let aliceDesktop: { id: string; uuid: string };
    let alicePi: { id: string; uuid: string };

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      aliceId = (await createUser(t, { name: 'alice' })).id;
      bobId = (await createUser(t, { name: 'bob' })).id;
      await createUser(t, { name: 'carol' });
      const office = await t.services.deviceGroups.create(systemActor, { name: 'Office' });
      // Oldest first: the list shows the latest heard from first.
      alicePi = await report('alice-pi', aliceId);
      t.clock.advance(120_000);
      aliceDesktop = await report('alice-desktop', aliceId, { alias: 'Study PC', note: 'under the desk', group_id: office.id });
      await report('bob-laptop', bobId, { note: 'bob’s note' });
      await report('lobby-kiosk', null);
      t.clock.advance(1_000);
      aliceLaptop = await report('alice-laptop', aliceId);
      alice = await signInConsole(t, 'alice');
      bob = await signInConsole(t, 'bob');
    });
    after(() => t.close());

    it('lists my devices, the latest heard from first, with what I may see of them', async () => {
      const page = await list(alice);
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.data.map((d) => d.id),
        [aliceLaptop.id, aliceDesktop.id, alicePi.id],
      );
      const desktop = page.data[1]!;
      assert.deepEqual(desktop, {
        id: aliceDesktop.id,
        alias: 'Study PC',
        hostname: 'alice-desktop',
        username: 'desk-user',
        os: 'windows / Windows 10 Pro - 10.0.19045',
        version: '1.4.9',
        note: 'under the desk',
        enabled: true,
        group_name: 'Office',
        online: true,
        last_online_at: desktop.last_online_at,
      });
      assert.ok(desktop.last_online_at > 0);
      assert.deepEqual([page.data[0]!.group_name, page.data[2]!.online], [null, false], 'no group; the Pi is two minutes silent');
      assert.ok(!JSON.stringify(page).includes(aliceLaptop.uuid), 'the uuid never leaves');
    });

    it('never shows someone else’s devices or devices nobody owns', async () => {
      assert.deepEqual(await hostnames(bob), ['bob-laptop']);
      assert.deepEqual(await hostnames(alice, '?search=bob'), []);
      assert.deepEqual(await hostnames(alice, '?search=lobby'), []);
      const carol = await signInConsole(t, 'carol');
      assert.deepEqual(await list(carol), { total: 0, data: [] });
      const all = JSON.stringify(await list(alice));
      assert.ok(!all.includes('bob') && !all.includes('lobby-kiosk'), all);
    });

    it('follows the owner: a device given to someone else leaves my list and appears in theirs', async () => {
      const spare = await report('spare-tablet', aliceId);
      assert.ok((await hostnames(alice)).includes('spare-tablet'));
      await t.services.deviceAdmin.update(systemActor, spare.id, { user_id: bobId });
      assert.ok(!(await hostnames(alice)).includes('spare-tablet'));
      assert.ok((await hostnames(bob)).includes('spare-tablet'));
      await t.services.deviceAdmin.update(systemActor, spare.id, { user_id: null });
      assert.ok(!(await hostnames(bob)).includes('spare-tablet'));
    });

    it('pages through my devices', async () => {
      const first = await list(alice, '?pageSize=2');
      assert.equal(first.total, 3);
      assert.deepEqual(first.data.map((d) => d.hostname), ['alice-laptop', 'alice-desktop']);
      const second = await list(alice, '?pageSize=2&current=2');
      assert.equal(second.total, 3);
      assert.deepEqual(second.data.map((d) => d.hostname), ['alice-pi']);
      assert.deepEqual((await list(alice, '?pageSize=2&current=3')).data, []);
    });

    it('searches the id, hostname, alias and desktop user, and filters by online state', async () => {
      assert.deepEqual(await hostnames(alice, '?search=STUDY'), ['alice-desktop']);
      assert.deepEqual(await hostnames(alice, '?search=pi'), ['alice-pi']);
      assert.deepEqual(await hostnames(alice, `?search=${aliceLaptop.id}`), ['alice-laptop']);
      assert.deepEqual(await hostnames(alice, '?search=desk-us'), ['alice-laptop', 'alice-desktop', 'alice-pi']);
      assert.deepEqual(await hostnames(alice, '?search=50%25'), [], 'a % is a character, not a wildcard');
      assert.deepEqual(await hostnames(alice, '?online=false'), ['alice-pi']);
      assert.deepEqual(await hostnames(alice, '?online=true'), ['alice-laptop', 'alice-desktop']);
      const filtered = await list(alice, '?online=true&pageSize=1');
      assert.equal(filtered.total, 2);
      // A minute later without a heartbeat every device is offline.
      t.clock.advance(61_000);
      assert.deepEqual(await hostnames(alice, '?online=true'), []);
      assert.deepEqual(await hostnames(alice, '?online=false'), ['alice-laptop', 'alice-desktop', 'alice-pi']);
    });

    it('needs a console session: 401 without one, 403 with an API token', async () => {
      assert.equal(assertJsonError(await t.app.inject({ method: 'GET', url: URL }), 401).code, 'auth.required');
      const token = await createApiToken(t, ['admin']);
      assert.equal(assertJsonError(await t.app.inject({ method: 'GET', url: URL, headers: token.headers }), 403).code, 'auth.forbidden');
      const ended = await signInConsole(t, 'alice');
      const signOut = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { ...ended.headers, 'sec-fetch-site': 'same-origin' } });
      assert.equal(signOut.statusCode, 204, signOut.body);
      assertJsonError(await t.app.inject({ method: 'GET', url: URL, headers: ended.headers }), 401);
    });

    it('offers no way to change a device: an owner’s changes are an administrator’s', async () => {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await t.app.inject({ method, url: `${URL}/${aliceLaptop.id}`, headers: alice.headers, payload: { alias: 'mine now' } });
        assertJsonError(response, 404);
      }
      assert.equal((await list(alice)).data[0]!.alias, '');
    });

    it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
      for (const { name, request, status, router } of malformedCases(route)) {
        const response = await t.app.inject({ ...request, headers: { ...alice.headers, ...request.headers } });
        assertJsonError(response, status, { router: router ?? false });
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
      }
      assert.equal((await list(alice)).total, 3, 'the session survived');
    });
  });
}
