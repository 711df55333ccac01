/** Key configuration shared by personRef and the ID cipher: the id in use plus every id still readable. */
export interface KeyRingConfig {
  current: string;
  /** keyId → secret, hex or base64 (a 'hex:' or 'base64:' prefix removes the ambiguity). */
  keys: Record<string, string>;
}

export interface KeyRing {
  current: string;
  /** Decoded secrets, current key first. */
  secrets: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Decodes and checks a key ring; the error messages never include a secret. */
export function decodeKeyRing(
  config: KeyRingConfig,
  check: (bytes: number) => string | undefined,
  what: string,
): KeyRing {
  if (!config || typeof config !== 'object' || !config.keys || typeof config.keys !== 'object') {
    throw new TypeError(`${what}: expected { current, keys }`);
  }
  if (!(config.current in config.keys))
    throw new RangeError(`${what}: current key id "${config.current}" is not among the keys`);
  const ordered = [config.current, ...Object.keys(config.keys).filter((id) => id !== config.current)];
  const secrets = new Map<string, Buffer>();
  for (const keyId of ordered) {
    if (!KEY_ID.test(keyId)) throw new RangeError(`${what}: key id "${keyId}" must be 1-64 of [A-Za-z0-9_-]`);
    const secret = decodeSecret(config.keys[keyId]);
    if (!secret) throw new RangeError(`${what}: key "${keyId}" is neither hex nor base64`);
    const problem = check(secret.length);
    if (problem) throw new RangeError(`${what}: key "${keyId}" ${problem}`);
    secrets.set(keyId, secret);
  }
  return { current: config.current, secrets };
}

function decodeSecret(encoded: unknown): Buffer | undefined {
  if (typeof encoded !== 'string') return undefined;
  if (encoded.startsWith('hex:')) return decodeHex(encoded.slice(4));
  if (encoded.startsWith('base64:')) return decodeBase64(encoded.slice(7));
  return decodeHex(encoded) ?? decodeBase64(encoded);
}

function decodeHex(text: string): Buffer | undefined {
  return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : undefined;
}

function decodeBase64(text: string): Buffer | undefined {
  // Standard or URL-safe alphabet, padding optional; Buffer.from silently skips junk, so check first.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length > 0 ? bytes : undefined;
}
