import { createHash, createPublicKey, JsonWebKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '@civic/platform';

// The DCI message signature (MsgSignature in social_api v1.0.0): an HTTP-signature-style string
//   Signature: namespace="dci", kidId="{sender_id}|{key id}|ed25519", algorithm="ed25519",
//     created="<unix s>", expires="<unix s>", headers="(created) (expires) digest", signature="<base64>"
// signed over "{header}+{message}". The standard does not fix a byte form for that; this gateway
// uses the canonical JSON (sorted keys) of header, then of message, so re-serialisation by a proxy
// does not break it, and a BLAKE2b-512 digest line as in the Beckn signing profile DCI derives from.

/** The parsed parts of a DCI signature string. */
export interface DciSignatureParts {
  senderId: string;
  keyId: string;
  algorithm: string;
  created: number;
  expires: number;
  signature: Buffer;
}

/** Why a signature was refused; `code` is the DCI Error code. */
export class SignatureRejected extends Error {
  constructor(
    readonly code: 'err.signature.missing' | 'err.signature.invalid' | 'err.sender_id.invalid',
    message: string,
  ) {
    super(message);
  }
}

/** The digest line's value: BLAKE2b-512 of canonical(header) + canonical(message), base64. */
export function messageDigest(header: unknown, message: unknown): string {
  return createHash('blake2b512')
    .update(canonicalJson(header))
    .update(canonicalJson(message ?? null))
    .digest('base64');
}

/** The exact bytes that are signed. */
export function signingString(created: number, expires: number, digest: string): string {
  return `(created): ${created}\n(expires): ${expires}\ndigest: BLAKE-512=${digest}`;
}

/** Parses a signature string; throws SignatureRejected naming the missing or malformed part. */
export function parseSignature(value: unknown): DciSignatureParts {
  if (typeof value !== 'string' || !value.trim())
    throw new SignatureRejected('err.signature.missing', 'signature is missing');
  const params = new Map<string, string>();
  for (const m of value.replace(/^\s*Signature:?\s*/i, '').matchAll(/([A-Za-z]+)="([^"]*)"/g)) params.set(m[1], m[2]);
  const kid = params.get('kidId') ?? params.get('keyId');
  const [senderId, keyId, algorithm] = kid?.split('|') ?? [];
  if (!senderId || !keyId)
    throw new SignatureRejected('err.signature.invalid', 'signature kidId must be "{sender_id}|{key id}|{algorithm}"');
  const alg = (params.get('algorithm') ?? algorithm ?? '').toLowerCase();
  if (alg !== 'ed25519')
    throw new SignatureRejected('err.signature.invalid', `signature algorithm must be ed25519, not "${alg}"`);
  const created = Number(params.get('created'));
  const expires = Number(params.get('expires'));
  if (!Number.isInteger(created) || !Number.isInteger(expires) || expires <= created) {
    throw new SignatureRejected(
      'err.signature.invalid',
      'signature created and expires must be unix seconds with expires after created',
    );
  }
  const sig = params.get('signature') ?? '';
  if (!/^[A-Za-z0-9+/=_-]+$/.test(sig))
    throw new SignatureRejected('err.signature.invalid', 'signature value must be base64');
  return { senderId, keyId, algorithm: alg, created, expires, signature: Buffer.from(sig, 'base64') };
}

/** A JWKS as registered for a sender: Ed25519 keys in OKP form. */
export interface Jwks {
  keys: (JsonWebKey & { kid?: string })[];
}

/** The public key with the given kid from a JWKS, or undefined. */
export function keyFromJwks(jwks: Jwks, kid: string): KeyObject | undefined {
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') return undefined;
  const { kid: _kid, ...key } = jwk;
  return createPublicKey({ key, format: 'jwk' });
}

/** True when the JWKS holds at least one well-formed Ed25519 public key and nothing private. */
export function isValidJwks(value: unknown): value is Jwks {
  if (!value || typeof value !== 'object' || !Array.isArray((value as Jwks).keys) || !(value as Jwks).keys.length)
    return false;
  return (value as Jwks).keys.every((k) => {
    if (!k || typeof k !== 'object' || typeof k.kid !== 'string' || k.kty !== 'OKP' || k.crv !== 'Ed25519' || 'd' in k)
      return false;
    try {
      return !!keyFromJwks({ keys: [k] }, k.kid);
    } catch {
      return false;
    }
  });
}

/** Verifies a signature string over header and message with the sender's JWKS; throws SignatureRejected. */
export function verifySignature(
  signature: unknown,
  header: unknown,
  message: unknown,
  expectedSender: string,
  jwks: Jwks,
): DciSignatureParts {
  const parts = parseSignature(signature);
  if (parts.senderId !== expectedSender)
    throw new SignatureRejected('err.signature.invalid', 'signature kidId names another sender than header.sender_id');
  const key = keyFromJwks(jwks, parts.keyId);
  if (!key)
    throw new SignatureRejected(
      'err.signature.invalid',
      `key "${parts.keyId}" is not among the sender's registered keys`,
    );
  const data = Buffer.from(signingString(parts.created, parts.expires, messageDigest(header, message)), 'utf8');
  if (!verify(null, data, key, parts.signature))
    throw new SignatureRejected('err.signature.invalid', 'signature does not match the header and message');
  return parts;
}

/** Signs header and message (for the gateway's own callbacks, and for tests acting as senders). */
export function signMessage(
  header: unknown,
  message: unknown,
  opts: { senderId: string; keyId: string; privateKey: KeyObject; created?: number; ttlSeconds?: number },
): string {
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const expires = created + (opts.ttlSeconds ?? 300);
  const sig = sign(
    null,
    Buffer.from(signingString(created, expires, messageDigest(header, message)), 'utf8'),
    opts.privateKey,
  ).toString('base64');
  return `Signature: namespace="dci", kidId="${opts.senderId}|${opts.keyId}|ed25519", algorithm="ed25519", created="${created}", expires="${expires}", headers="(created) (expires) digest", signature="${sig}"`;
}
