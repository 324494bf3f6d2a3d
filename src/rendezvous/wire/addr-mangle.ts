/**
 * RustDesk's address encoding, "AddrMangle" (spec/rustdesk-rendezvous.md §3.4): how a requester's
 * socket address travels through the device and back. IPv4 is salted with the time in
 * microseconds; IPv6 is the 16 address bytes and the port, little-endian.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface SocketAddress {
  /** Dotted IPv4 or IPv6 text; `::ffff:a.b.c.d` is normalised to `a.b.c.d`. */
  address: string;
  port: number;
}

/** `::ffff:1.2.3.4` (what a dual-stack socket reports) → `1.2.3.4`; everything else unchanged (spec §8 item 12). */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

function ipv6Bytes(ip: string): Buffer {
  // Expand `::` and an embedded dotted quad into eight 16-bit groups.
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const o = dotted[1]!.split('.').map(Number);
    text = text.slice(0, dotted.index) + `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // The canonical short form: the longest run of zero groups (two or more) becomes `::`.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** Encodes an address; `micros` (the current time in µs) is a parameter for the spec's vectors. */
export function mangle(addr: SocketAddress, micros: number = Date.now() * 1000): Buffer {
  const ip = normalizeIp(addr.address);
  if (isIPv6(ip)) {
    const out = Buffer.alloc(18);
    ipv6Bytes(ip).copy(out);
    out.writeUInt16LE(addr.port, 16);
    return out;
  }
  if (!isIPv4(ip)) throw new TypeError(`not an IP address: ${ip}`);
  const o = ip.split('.').map(Number);
  const ipLe = BigInt((o[0]! | (o[1]! << 8) | (o[2]! << 16) | (o[3]! << 24)) >>> 0);
  const tm = BigInt.asUintN(32, BigInt(Math.floor(micros)));
  const v = ((ipLe + tm) << 49n) | (tm << 17n) | (BigInt(addr.port) + (tm & 0xffffn));
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, v), 0);
  bytes.writeBigUInt64LE(v >> 64n, 8);
  let end = 16;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

/** Decodes an address; undefined for a length no client writes (stock would read `[::]:0`). */
export function unmangle(bytes: Uint8Array): SocketAddress | undefined {
  if (bytes.length === 18) {
    return { address: ipv6Text(bytes.subarray(0, 16)), port: bytes[16]! | (bytes[17]! << 8) };
  }
  if (bytes.length > 16) return undefined;
  const padded = Buffer.alloc(16);
  padded.set(bytes);
  const n = padded.readBigUInt64LE(0) | (padded.readBigUInt64LE(8) << 64n);
  const tm = (n >> 17n) & 0xffffffffn;
  const ip = Number(BigInt.asUintN(32, (n >> 49n) - tm));
  const port = Number(BigInt.asUintN(16, (n & 0xffffffn) - (tm & 0xffffn)));
  return { address: [ip & 0xff, (ip >>> 8) & 0xff, (ip >>> 16) & 0xff, ip >>> 24].join('.'), port };
}
