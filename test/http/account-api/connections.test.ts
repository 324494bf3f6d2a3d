import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases } from '../../support/malformed.js';
import { rust } from '../../support/rustdesk-client.js';

type Session = Awaited<ReturnType<typeof signInConsole>>;
type Connections = { total: number; data: { device_id: string; peer_id: string; closed_at: number }[] };

for (const engine of await testEngines()) {
  describe(`account API: my connections (${engine})`, () => {
    let t: TestApp;
    let alice: Session;
    let bob: Session;
    const kiosk = { id: '620000001', uuid: 'a2lvc2s=' };
    const laptop = { id: '620000002', uuid: 'bGFwdG9w' };
    const lab = { id: '620000003', uuid: 'bGFi' };
    const orphan = { id: '620000004', uuid: 'b3JwaGFu' };
    let laptopOpened = 0;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      const aliceUser = await createUser(t, { name: 'alice' });
      const bobUser = await createUser(t, { name: 'bob' });
      const admin = (await createApiToken(t, ['admin'])).headers;
      alice = await signInConsole(t, 'alice');
      bob = await signInConsole(t, 'bob');
      for (const device of [kiosk, laptop, lab, orphan]) assert.equal((await t.app.inject(rust('/api/sysinfo', { ...device, hostname: device.id }))).body, 'SYSINFO_UPDATED');
      for (const [device, owner] of [
        [kiosk, aliceUser.id],
        [laptop, aliceUser.id],
        [lab, bobUser.id],
      ] as const) {
        const response = await t.app.inject({ method: 'PATCH', url: `/api/admin/devices/${device.id}`, headers: admin, payload: { user_id: owner } });
        assert.equal(response.statusCode, 200, response.body);
      }
      const posts: [string, Record<string, unknown>][] = [
        ['/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 0, action: 'new' }],
        ['/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 11, peer: ['111111111', 'Helpdesk'], type: 0 }],
        ['/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 11, action: 'close' }],
        ['/api/audit/conn', { ...laptop, conn_id: 1, session_id: 0, action: 'new' }],
        ['/api/audit/conn', { ...laptop, conn_id: 1, session_id: 12, peer: ['222222222', 'home-pc'], type: 4 }],
        ['/api/audit/conn', { ...lab, conn_id: 1, session_id: 0, action: 'new' }],
        ['/api/audit/conn', { ...lab, conn_id: 1, session_id: 13, peer: ['111111111', 'Helpdesk'], type: 0 }],
        ['/api/audit/conn', { ...orphan, conn_id: 1, session_id: 0, action: 'new' }],
      ];
      for (const [index, [url, body]] of posts.entries()) {
        t.clock.advance(60_000);
        if (index === 3) laptopOpened = t.clock.now();
        assert.equal((await t.app.inject(rust(url, body))).statusCode, 200);
      }
    });
    after(() => t.close());

    const mine = async (query: string, session: Session = alice) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/account/connections${query}`, headers: { cookie: session.cookie } });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as Connections;
      return page.data.map((c) => c.device_id);
    };

    it('lists the connections to the devices I own, newest first, and no one else’s', async () => {
      assert.deepEqual(await mine(''), [laptop.id, kiosk.id]);
      assert.deepEqual(await mine('', bob), [lab.id]);
      const page = (await t.app.inject({ method: 'GET', url: '/api/account/connections?pageSize=1&current=2', headers: { cookie: alice.cookie } })).json() as Connections;
      assert.deepEqual([page.total, page.data.map((c) => c.device_id)], [2, [kiosk.id]]);
    });

    it('filters them as Logs → Connections does, within my devices only', async () => {
      assert.deepEqual(await mine(`?device_id=${kiosk.id}`), [kiosk.id]);
      assert.deepEqual(await mine(`?device_id=${lab.id}`), [], 'another person’s device');
      assert.deepEqual(await mine(`?device_id=${orphan.id}`), [], 'a device without an owner');
      assert.deepEqual(await mine('?peer=helpdesk'), [kiosk.id]);
      assert.deepEqual(await mine('?peer=222222222'), [laptop.id]);
      assert.deepEqual(await mine('?state=open'), [laptop.id]);
      assert.deepEqual(await mine('?state=closed'), [kiosk.id]);
      assert.deepEqual(await mine('?type=4'), [laptop.id]);
      assert.deepEqual(await mine(`?from=${laptopOpened}`), [laptop.id]);
      assert.deepEqual(await mine(`?to=${laptopOpened}`), [kiosk.id]);
    });

    it('needs a console session: not an API token, and nothing of the administrators’ logs', async () => {
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/account/connections' }), 401);
      const token = (await createApiToken(t, ['admin'])).headers;
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/account/connections', headers: token }), 403);
      for (const url of ['/api/admin/audit/connections', '/api/admin/audit/connections.csv', `/api/admin/audit/connections?device_id=${kiosk.id}`]) {
        assertJsonError(await t.app.inject({ method: 'GET', url, headers: { cookie: alice.cookie } }), 403);
      }
    });

    it('refuses malformed queries with a 4xx JSON error', async () => {
      const badQuery = { device_id: ['', 'x'.repeat(101)], peer: ['', 'x'.repeat(257)], state: ['shut'], type: ['x', '-2', '100'], from: ['-1', 'x'], to: ['1e400'] };
      for (const bad of malformedCases({ method: 'GET', path: '/api/account/connections', paged: true, badQuery })) {
        const response = await t.app.inject({ ...bad.request, headers: { cookie: alice.cookie, ...(bad.request.headers as Record<string, string>) } });
        assertJsonError(response, bad.status, { router: bad.router ?? false });
      }
    });
  });
}
