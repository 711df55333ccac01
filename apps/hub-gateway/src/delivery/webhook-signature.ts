import { createHmac, timingSafeEqual } from 'node:crypto';

/** `x-civic-signature` of a feed webhook: `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (timestamped against replay). */
export function feedSignature(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Verifies a feed signature as a subscriber would; `toleranceSeconds` bounds replay. */
export function verifyFeedSignature(
  secret: string,
  body: string,
  header: string,
  now = Date.now() / 1000,
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || Math.abs(now - Number(m[1])) > toleranceSeconds) return false;
  const expected = Buffer.from(feedSignature(secret, body, Number(m[1])).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}
