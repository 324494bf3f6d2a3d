/**
 * Two deskgate instances on one PostgreSQL, on two addresses and the same ports, and a device
 * behind a real NAT (test/support/netns.ts) registered with the first. A viewer asks the second.
 * The NAT lets in only datagrams from the address and port the device itself sent to, so the
 * push reaches the device only because it leaves from the instance the device registered with
 * (issue "one source of truth"); the device's answer, sent to its own instance, reaches the
 * viewer waiting on the other.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp, startRendezvousFor, type App } from '../../src/app.js';
import { unmangle } from '../../src/rendezvous/wire/addr-mangle.js';
import { encodeMessage, RegisterResult } from '../../src/rendezvous/wire/messages.js';
import { openDatabase } from '../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createNatNetwork, jsonLines, type NatNetwork } from '../support/netns.js';
import { freePort, TcpClient } from '../support/rendezvous-client.js';

const DEVICE = fileURLToPath(new URL('../support/nat-device.ts', import.meta.url));
const engines = (await testEngines()).filter((engine) => engine === 'postgres');

for (const engine of engines) {
  describe(`a device behind NAT, two instances on two addresses (${engine})`, () => {
    let network: NatNetwork;
    let t: TestApp;
    let other: App;
    let x: Awaited<ReturnType<typeof startRendezvousFor>>;
    let y: Awaited<ReturnType<typeof startRendezvousFor>>;
    let device: ReturnType<NatNetwork['run']> | undefined;
    const viewers: TcpClient[] = [];

    before(async () => {
      network = createNatNetwork(2);
      const [xAddress = '', yAddress = ''] = network.serverAddresses;
      const port = String(await freePort());
      const env = { DESKGATE_RENDEZVOUS: 'on', DESKGATE_RENDEZVOUS_PORT: port, DESKGATE_NAT_PORT: '0', DESKGATE_RELAY_PORT: '0', DESKGATE_RENDEZVOUS_WS_PORT: '0', DESKGATE_RELAY_WS_PORT: '0' };
      t = await buildTestApp(engine, { env: { ...env, DESKGATE_HOST: xAddress } });
      other = await buildApp({ ...t.config, host: yAddress }, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
      x = await startRendezvousFor(t);
      y = await startRendezvousFor(other);
    });
    after(async () => {
      device?.stdin?.end();
      for (const v of viewers) v.close();
      await x?.close();
      await y?.close();
      await other?.close();
      await t?.close();
      network?.remove();
    });

    it('reaches the device through its NAT from the instance it registered with, for a viewer on the other', async () => {
      const [xAddress = '', yAddress = ''] = network.serverAddresses;
      assert.equal(x.ports.main, y.ports.main, 'both instances on the same port, each on its own address');
      device = network.run(DEVICE, [xAddress, String(x.ports.main), 'natdev001']);
      const said = jsonLines(device);
      const registered = await said.next();
      assert.deepEqual(registered, { event: 'datagram', from: `${xAddress}:${x.ports.main}`, kind: 'register_pk_response', result: RegisterResult.OK });
      await t.services.devices.flush();

      const ask = async () => {
        const viewer = await TcpClient.connect(y.ports.main, { host: yAddress, localAddress: network.localAddress, secureWith: Buffer.from(y.publicKey, 'base64') });
        viewers.push(viewer);
        viewer.send({ punch_hole_request: { id: 'natdev001', licence_key: y.publicKey, version: '1.4.9' } });
        return viewer;
      };
      const viewer = await ask();
      assert.deepEqual(await said.next(), { event: 'datagram', from: `${xAddress}:${x.ports.main}`, kind: 'punch_hole' }, 'the push left from X, through the NAT');
      const answer = await viewer.next('punch_hole_response', 10_000);
      const seen = unmangle(answer.socket_addr);
      assert.equal(seen?.address, network.outsideAddress, 'the viewer is told the address the NAT shows, not the device\'s own');

      // The NAT's filter is what makes this matter: a datagram to the device's mapping from the
      // other instance's address is dropped. It goes out before a second request, on the same
      // path, so the next thing the device hears is that request's push, not this datagram.
      const stray = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => stray.bind(0, yAddress, resolve));
      await new Promise<void>((resolve, reject) =>
        stray.send(encodeMessage({ punch_hole: { socket_addr: answer.socket_addr, relay_server: '', nat_type: 0 } }), seen!.port, seen!.address, (error) => (error ? reject(error) : resolve())),
      );
      stray.close();
      await ask();
      assert.deepEqual(await said.next(), { event: 'datagram', from: `${xAddress}:${x.ports.main}`, kind: 'punch_hole' });
    });
  });
}
