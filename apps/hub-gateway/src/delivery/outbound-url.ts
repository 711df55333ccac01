import { BlockList, isIP } from 'node:net';

/**
 * Which URLs the gateway may call (DCI callbacks, feed webhooks), so a subscriber cannot make it
 * reach internal addresses (SSRF): https only (http when allowed, i.e. development), the host on the
 * owner's allow-list, and no private, loopback or link-local address unless allowed.
 */
export interface OutboundRules {
  /** owner (DCI sender id or feed subscriber) → hosts: `host` exactly or `*.domain` for its subdomains; `*` owner: every owner. */
  allowedHosts: Record<string, string[]>;
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** Why the URL may not be called, or undefined when it may (before resolving its host). */
export function refuseUrl(rules: OutboundRules, owner: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && rules.allowHttp)) return 'must use https';
  if (u.username || u.password) return 'must not carry credentials';
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = [...(rules.allowedHosts[owner] ?? []), ...(rules.allowedHosts['*'] ?? [])];
  if (!allowed.some((h) => hostMatches(h.toLowerCase(), host)))
    return `host is not on the callback allow-list of ${owner}`;
  if (isIP(host) && !rules.allowPrivateNetworks && isPrivateAddress(host))
    return 'must not point at a private, loopback or link-local address';
  return undefined;
}

function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : pattern === host;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Private, loopback, link-local, multicast or otherwise non-public addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
