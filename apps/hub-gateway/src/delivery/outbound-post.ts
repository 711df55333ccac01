import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from './outbound-url';

export interface OutboundLimits {
  timeoutMs: number;
  /** The most bytes read of the answer; a longer answer ends the call (the receiver only has to acknowledge). */
  maxResponseBytes: number;
  allowPrivateNetworks: boolean;
}

/**
 * POSTs a webhook. The host is resolved by the socket's own lookup and every address is checked
 * there, so the address connected to is the address checked (no re-resolution in between for a DNS
 * rebinding to exploit); redirects are not followed; the whole call has one deadline and a size cap.
 */
export function postOutbound(
  url: string,
  headers: Record<string, string>,
  body: string,
  limits: OutboundLimits,
): Promise<{ status: number }> {
  const u = new URL(url);
  // an address literal is connected to without a lookup, so it is checked here
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !limits.allowPrivateNetworks && isPrivateAddress(literal))
    return Promise.reject(new Error(`${literal} is a private address`));
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = !limits.allowPrivateNetworks && addresses.some((a) => isPrivateAddress(a.address));
      if (refused) return callback(new Error(`${hostname} resolves to a private address`), []);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: lookup as never,
        timeout: limits.timeoutMs,
      },
      (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > limits.maxResponseBytes)
            req.destroy(new Error(`answer longer than ${limits.maxResponseBytes} bytes`));
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => req.destroy(new Error(`no answer within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${limits.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
