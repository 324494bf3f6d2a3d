/**
 * Two deskgate instances on one PostgreSQL, each its own rendezvous server on its own ports
 * (spec: issue "one source of truth"). A device registered with one is reachable from a viewer
 * on the other: the push leaves from the instance the device registered with (the address its
 * NAT knows), and the device's answer reaches the viewer whichever instance it lands on.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildApp, startRendezvousFor, type App } from '../../src/app.js';
import { verifyCombined } from '../../src/rendezvous/secure-channel.js';
import { unmangle } from '../../src/rendezvous/wire/addr-mangle.js';
import { RegisterResult } from '../../src/rendezvous/wire/messages.js';
import { openDatabase } from '../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';
import { freePort, TcpClient, UdpClient } from '../support/rendezvous-client.js';

const A_IP = '127.0.0.2';
const B_IP = '127.0.0.3';


const engines = (await testEngines()).filter((engine) => engine === 'postgres');

for (const engine of engines) {
  describe(`rendezvous across two instances (${engine})`, () => {
    let t: TestApp;
    let other: App;
    let x: Awaited<ReturnType<typeof startRendezvousFor>>;
    let y: Awaited<ReturnType<typeof startRendezvousFor>>;
    const sockets: { close(): void }[] = [];
    const track = <T extends { close(): void }>(s: T) => (sockets.push(s), s);
    const ports = { DESKGATE_RENDEZVOUS: 'on', DESKGATE_HOST: '127.0.0.1', DESKGATE_NAT_PORT: '0', DESKGATE_RELAY_PORT: '0', DESKGATE_RENDEZVOUS_WS_PORT: '0', DESKGATE_RELAY_WS_PORT: '0' };

    before(async () => {
      t = await buildTestApp(engine, { env: { ...ports, DESKGATE_RENDEZVOUS_PORT: String(await freePort()) } });
      other = await buildApp(
        { ...t.config, rendezvousPort: await freePort() },
        { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) },
      );
      x = await startRendezvousFor(t);
      y = await startRendezvousFor(other);
    });
    after(async () => {
      for (const s of sockets) s.close();
      await x.close();
      await y.close();
      await other.close();
      await t.close();
    });

    /** A device registered with instance Y over UDP, its last-online time written for the others. */
    async function deviceOnY(id: string) {
      const udp = track(await UdpClient.open({ host: '127.0.0.1', port: y.ports.main }, B_IP));
      const uuid = randomBytes(16);
      const pk = randomBytes(32);
      udp.send({ register_pk: { id, uuid, pk } });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.OK);
      await other.services.devices.flush();
      return { udp, pk };
    }

    it('pushes a punch request from the instance the device registered with, and brings its answer back', async () => {
      const b = await deviceOnY('inst00001');
      const pushes: number[] = [];
      b.udp.socket.on('message', (_data, rinfo) => pushes.push(rinfo.port));

      const a = track(await TcpClient.connect(x.ports.main, { localAddress: A_IP, secureWith: Buffer.from(x.publicKey, 'base64') }));
      a.send({ punch_hole_request: { id: 'inst00001', licence_key: x.publicKey, version: '1.4.9' } });
      const hole = await b.udp.next('punch_hole');
      assert.deepEqual(pushes, [y.ports.main], 'the push comes from Y, the address the device knows');
      assert.deepEqual(unmangle(hole.socket_addr), { address: A_IP, port: a.localPort });

      // The device answers its own server, Y; the viewer waits on X.
      const sent = track(await TcpClient.connect(y.ports.main, { localAddress: B_IP }));
      sent.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'inst00001', version: '1.4.9' } });
      const answer = await a.next('punch_hole_response', 5000);
      assert.equal(unmangle(answer.socket_addr)?.address, B_IP);
      const idPk = verifyCombined(answer.pk, Buffer.from(x.publicKey, 'base64'));
      assert.ok(idPk && Buffer.from(idPk).includes(b.pk), 'signed with the one key both instances share');
      assert.equal(x.publicKey, y.publicKey);
    });

    it('relays a relay request the same way, without the viewer\'s token', async () => {
      const b = await deviceOnY('inst00002');
      const a = track(await TcpClient.connect(x.ports.main, { localAddress: A_IP, secureWith: Buffer.from(x.publicKey, 'base64') }));
      const admin = await createUser(t, { name: 'cross-admin', is_admin: true });
      const token = await t.services.accessTokens.issue(admin.id, { deviceId: 'viewer001', uuid: 'dmlld2Vy', deviceInfo: {}, ip: A_IP });
      a.send({ request_relay: { id: 'inst00002', uuid: 'cross-uuid', token } });
      const request = await b.udp.next('request_relay');
      assert.equal(request.token, '');
      assert.equal(request.uuid, 'cross-uuid');
      const reply = track(await TcpClient.connect(y.ports.main, { localAddress: B_IP }));
      reply.send({ relay_response: { socket_addr: request.socket_addr, version: '1.4.9', relay_server: request.relay_server } });
      const answer = await a.next('relay_response', 5000);
      assert.equal(answer.refuse_reason, '');
    });

    it('counts a device registered with the other instance as online in the online query', async () => {
      await deviceOnY('inst00003');
      const q = track(await TcpClient.connect(x.ports.query));
      q.send({ online_request: { id: 'me', peers: ['inst00003', 'nobody'] } });
      assert.equal(Buffer.from((await q.next('online_response')).states).toString('hex'), '80');
    });
  });
}
