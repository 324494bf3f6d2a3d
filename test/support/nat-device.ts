/**
 * A RustDesk device for test/rendezvous/behind-nat.test.ts, run inside the device's network
 * namespace (test/support/netns.ts): `nat-device.ts <server address> <port> <id>`. It registers
 * its key over UDP, answers each PunchHole over TCP with PunchHoleSent as a client does, and
 * prints one JSON line per event, naming the sender of every datagram that reached it.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { decodeMessage, encodeMessage } from '../../src/rendezvous/wire/messages.js';
import { TcpClient } from './rendezvous-client.js';

const [host = '', portText = '', id = ''] = process.argv.slice(2);
const port = Number(portText);
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const socket = dgram.createSocket('udp4');
socket.on('message', (data, from) => {
  const message = decodeMessage(data);
  say({ event: 'datagram', from: `${from.address}:${from.port}`, kind: message?.kind ?? 'unreadable', ...(message?.kind === 'register_pk_response' ? { result: message.body.result } : {}) });
  if (message?.kind !== 'punch_hole') return;
  void TcpClient.connect(port, { host }).then((tcp) => {
    tcp.send({ punch_hole_sent: { socket_addr: message.body.socket_addr, id, version: '1.4.9' } });
    setTimeout(() => tcp.close(), 1000);
  });
});
socket.bind(0, () => {
  socket.send(encodeMessage({ register_pk: { id, uuid: randomBytes(16), pk: randomBytes(32) } }), port, host);
});
// The test ends the device by closing its stdin.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
