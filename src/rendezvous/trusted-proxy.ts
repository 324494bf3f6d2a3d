/**
 * DESKGATE_TRUST_PROXY for the rendezvous WebSocket: whether a connection comes from a proxy
 * whose X-Real-IP / X-Forwarded-For may be believed. Stock believes anyone (spec §7.4); here only
 * the addresses the HTTP API trusts.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const NAMED: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/** A test of an (already normalised) address against the configured list; nothing trusted when it is empty. */
export function trustedProxies(list: readonly string[]): (ip: string) => boolean {
  if (list.length === 0) return () => false;
  const blocks = new BlockList();
  for (const item of list) {
    for (const [address, bits, family] of NAMED[item] ?? []) blocks.addSubnet(address, bits, family);
    if (NAMED[item]) continue;
    const [address = '', bits] = item.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    blocks.addSubnet(address, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
  }
  return (ip) => (isIPv4(ip) ? blocks.check(ip, 'ipv4') : isIPv6(ip) ? blocks.check(ip, 'ipv6') : false);
}
