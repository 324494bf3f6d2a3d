/**
 * deskgate as the whole RustDesk server: the rendezvous server on deskgate's own devices,
 * tokens, rules and key (app.ts `startRendezvousFor`), on both engines, driven by the scripted
 * client. Viewer A talks from 127.0.0.2, device B from 127.0.0.3.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startRendezvousFor } from '../../src/app.js';
import { verifyCombined } from '../../src/rendezvous/secure-channel.js';
import { unmangle } from '../../src/rendezvous/wire/addr-mangle.js';
import { frame } from '../../src/rendezvous/wire/frame.js';
import { encodeMessage, PunchFailure, RegisterResult } from '../../src/rendezvous/wire/messages.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser, PASSWORD, signInConsole } from '../support/fixtures.js';
import { freePort, TcpClient, UdpClient } from '../support/rendezvous-client.js';
import { loginBody, rust } from '../support/rustdesk-client.js';

const A_IP = '127.0.0.2';
const B_IP = '127.0.0.3';
const ANY_PORTS = { DESKGATE_RENDEZVOUS: 'on', DESKGATE_HOST: '127.0.0.1', DESKGATE_RENDEZVOUS_PORT: '40000', DESKGATE_NAT_PORT: '0', DESKGATE_RELAY_PORT: '0', DESKGATE_RENDEZVOUS_WS_PORT: '0', DESKGATE_RELAY_WS_PORT: '0' };


for (const engine of await testEngines()) {
  describe(`deskgate as the RustDesk server (${engine})`, () => {
    let t: TestApp;
    let rd: Awaited<ReturnType<typeof startRendezvousFor>>;
    let key: Uint8Array;
    const sockets: { close(): void }[] = [];
    const track = <T extends { close(): void }>(s: T) => (sockets.push(s), s);

    before(async () => {
      t = await buildTestApp(engine, { env: { ...ANY_PORTS, DESKGATE_RENDEZVOUS_PORT: String(await freePort()) } });
      rd = await startRendezvousFor(t);
      key = Buffer.from(rd.publicKey, 'base64');
    });
    after(async () => {
      for (const s of sockets) s.close();
      await rd.close();
      await t.close();
    });

    const udpTo = () => ({ host: '127.0.0.1', port: rd.ports.main });

    async function device(id: string) {
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      const uuid = randomBytes(16);
      const pk = randomBytes(32);
      udp.send({ register_pk: { id, uuid, pk } });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.OK);
      return { udp, uuid, pk };
    }

    /** A person signed in to RustDesk on a device of their own: their client's access token. */
    async function signedIn(name: string, isAdmin = false) {
      const user = await createUser(t, { name, is_admin: isAdmin });
      const response = await t.app.inject(rust('/api/login', { ...loginBody(name, PASSWORD), id: `v-${name}`, uuid: randomBytes(8).toString('base64') }));
      assert.equal(response.statusCode, 200, response.body);
      return { user, token: (response.json() as { access_token: string }).access_token };
    }

    const viewer = () => TcpClient.connect(rd.ports.main, { localAddress: A_IP, secureWith: key }).then(track);

    async function punch(id: string, token = '') {
      const a = await viewer();
      a.send({ punch_hole_request: { id, licence_key: rd.publicKey, token, version: '1.4.9' } });
      return a;
    }

    it('stores a registering device with its key, and shows it online to the API', async () => {
      const b = await device('wire00001');
      const stored = await t.store.devices.findById('wire00001');
      assert.equal(stored?.pk, b.pk.toString('base64'));
      assert.equal(stored?.uuid, b.uuid.toString('base64'));
      b.udp.send({ register_peer: { id: 'wire00001' } });
      assert.equal((await b.udp.next('register_peer_response')).request_pk, false);
    });

    it('checks the viewer\'s token in process: a signed-in person is let through, a revoked token refused at once', async () => {
      const b = await device('wire00002');
      const admin = await signedIn('rd-admin', true);
      const a = await punch('wire00002', admin.token);
      const hole = await b.udp.next('punch_hole');
      assert.ok(hole.controlled_context?.conn_audit_ref, 'the server-side record is named to the device');

      const sent = track(await TcpClient.connect(rd.ports.main, { localAddress: B_IP }));
      sent.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'wire00002', version: '1.4.9' } });
      const answer = await a.next('punch_hole_response');
      assert.equal(unmangle(answer.socket_addr)?.address, B_IP);
      const idPk = verifyCombined(answer.pk, key);
      assert.ok(idPk && Buffer.from(idPk).includes(b.pk), 'the device key is signed with deskgate\'s key');

      await t.app.inject({ method: 'POST', url: '/api/logout', headers: { authorization: `Bearer ${admin.token}` }, payload: {} });
      const again = await punch('wire00002', admin.token);
      const refused = await again.next('punch_hole_response');
      assert.match(refused.other_failure, /sign in to RustDesk again/);
      assert.equal(refused.socket_addr.length, 0);
    });

    /** Changes settings as an administrator does in the console. */
    async function setSettings(values: Record<string, unknown>) {
      await createUser(t, { name: 'rd-settings', is_admin: true }).catch(() => undefined);
      const session = await signInConsole(t, 'rd-settings');
      const put = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: session.headers, payload: values });
      assert.equal(put.statusCode, 200, put.body);
      return session;
    }

    it('lets a person reach only the devices they may see, and anonymous viewers only while sign-in is not required', async () => {
      const b = await device('wire00003');
      const plain = await signedIn('rd-plain');
      const refused = await (await punch('wire00003', plain.token)).next('punch_hole_response');
      assert.match(refused.other_failure, /not allowed/);

      await punch('wire00003');
      await b.udp.next('punch_hole');
      await setSettings({ 'rendezvous.login_required': true });
      const anonymous = await (await punch('wire00003')).next('punch_hole_response');
      assert.match(anonymous.other_failure, /sign in/);
      await setSettings({ 'rendezvous.login_required': false });
    });

    it('refuses connections to a device waiting for approval until an administrator approves it', async () => {
      const admin = await signedIn('rd-approver', true);
      const session = await setSettings({ 'rendezvous.admission': 'approval' });
      const b = await device('wire00004');
      const refused = await (await punch('wire00004', admin.token)).next('punch_hole_response');
      assert.match(refused.other_failure, /approval/);
      const approve = await t.app.inject({ method: 'POST', url: '/api/admin/devices/wire00004/approve', headers: session.headers, payload: {} });
      assert.equal(approve.statusCode, 200, approve.body);
      await punch('wire00004', admin.token);
      await b.udp.next('punch_hole');
      await setSettings({ 'rendezvous.admission': 'off' });
    });

    it('records every punch and relay request from the server\'s side', async () => {
      await device('wire00005');
      const admin = await signedIn('rd-auditor', true);
      (await viewer()).send({ request_relay: { id: 'wire00005', uuid: 'relay-uuid', token: admin.token } });
      const session = await signInConsole(t, 'rd-auditor');
      let records: { source?: string; action?: string }[] = [];
      for (let i = 0; i < 50 && !records.some((r) => r.source === 'server' && r.action === 'relay'); i++) {
        const list = await t.app.inject({ method: 'GET', url: '/api/admin/audit/connections?device_id=wire00005', headers: session.headers });
        records = ((list.json() as { data?: typeof records }).data ?? []) as typeof records;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(records.some((r) => r.source === 'server' && r.action === 'relay'), JSON.stringify(records));
    });

    it('answers ID_NOT_EXIST for an id deskgate does not know, and OFFLINE for a device that is not registered now', async () => {
      const unknown = await punch('nosuch001');
      assert.equal((await unknown.next('punch_hole_response')).failure, PunchFailure.ID_NOT_EXIST);
    });

    it('carries the device\'s owner and address-book entries to its new id', async () => {
      const b = await device('wire00006');
      const owner = await createUser(t, { name: 'rd-owner' });
      await t.store.devices.update('wire00006', { user_id: owner.id, updated_at: t.clock.now() });
      const change = track(await TcpClient.connect(rd.ports.main, { localAddress: B_IP }));
      change.send({ register_pk: { old_id: 'wire00006', id: 'moved0006', uuid: b.uuid } });
      assert.equal((await change.next('register_pk_response')).result, RegisterResult.OK);
      assert.equal((await t.store.devices.findById('moved0006'))?.user_id, owner.id);
      assert.equal(await t.store.devices.findById('wire00006'), undefined);
    });

    it('relays the session it arranged end to end, and joins no uuid it did not arrange', async () => {
      const b = await device('wire00007');
      const admin = await signedIn('rd-relayer', true);
      const a = await viewer();
      const uuid = randomUUID();
      a.send({ request_relay: { id: 'wire00007', uuid, token: admin.token, secure: true } });
      const forwarded = await b.udp.next('request_relay');
      const answer = track(await TcpClient.connect(rd.ports.main, { localAddress: B_IP }));
      answer.send({ relay_response: { socket_addr: forwarded.socket_addr, version: '1.4.9' } });
      await a.next('relay_response');

      const join = async (id: string, u: string) => {
        const socket = net.connect({ host: '127.0.0.1', port: rd.ports.relay });
        socket.on('error', () => undefined);
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(frame(encodeMessage({ request_relay: { id, uuid: u, licence_key: rd.publicKey } })));
        return socket;
      };
      const bEnd = await join('', uuid);
      const aEnd = await join('wire00007', uuid);
      const got = new Promise<string>((resolve) => bEnd.once('data', (d: Buffer) => resolve(d.toString())));
      aEnd.write('hello through the relay');
      assert.equal(await got, 'hello through the relay');
      aEnd.destroy();
      bEnd.destroy();

      const stranger = randomUUID();
      const x = await join('', stranger);
      const y = await join('wire00007', stranger);
      await Promise.all([new Promise((resolve) => x.once('close', resolve)), new Promise((resolve) => y.once('close', resolve))]);
    });

    it('fails to start on a taken port with a message naming the port and its setting', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const taken = (blocker.address() as net.AddressInfo).port;
      const second = { ...t, config: { ...t.config, rendezvousPort: await freePort(), natPort: taken } };
      await assert.rejects(startRendezvousFor(second), new RegExp(`port ${taken} \\(NAT test and online query\\) is already in use: stop what uses it, or set DESKGATE_NAT_PORT`));
      await new Promise((resolve) => blocker.close(resolve));
    });

    it('answers API calls tunnelled through secure TCP with deskgate\'s own routes', async () => {
      const a = await viewer();
      a.send({ http_proxy_request: { method: 'GET', path: '/api/login-options', headers: [{ name: 'X-Forwarded-For', value: '203.0.113.9' }] } });
      const answer = await a.next('http_proxy_response');
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(Buffer.from(answer.body).toString()), []);
    });
  });
}
