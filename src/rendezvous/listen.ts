/** Binding the rendezvous and relay listeners, with a taken port named (issue: "a taken port fails the start"). */
import type dgram from 'node:dgram';
import type net from 'node:net';

export class PortInUse extends Error {
  constructor(
    readonly port: number,
    /** Which listener: `rendezvous TCP`, `relay WebSocket` … */
    readonly listener: string,
  ) {
    super(`port ${port} (${listener}) is already in use`);
  }
}

export function listenTcp(server: net.Server, host: string, port: number, listener: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUse(port, listener) : error));
    server.listen({ host, port }, () => resolve((server.address() as net.AddressInfo).port));
  });
}

export function bindUdp(socket: dgram.Socket, host: string, port: number, listener: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUse(port, listener) : error));
    socket.bind({ address: host, port }, () => resolve(socket.address().port));
  });
}
