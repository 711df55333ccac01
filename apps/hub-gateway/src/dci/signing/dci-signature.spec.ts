import { generateKeyPairSync } from 'node:crypto';
import { isValidJwks, parseSignature, signMessage, SignatureRejected, verifySignature } from './dci-signature';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] };
const header = { message_id: 'm-1', message_ts: '2026-01-01T00:00:00Z', action: 'notify', sender_id: 'crvs' };
const message = { transaction_id: 't-1', notify_event: [{ reference_id: 'r-1' }] };

describe('DCI message signature', () => {
  it('verifies a message signed with a registered key', () => {
    const sig = signMessage(header, message, { senderId: 'crvs', keyId: 'k1', privateKey });
    expect(verifySignature(sig, header, message, 'crvs', jwks).keyId).toBe('k1');
  });

  it('does not depend on key order (canonical JSON)', () => {
    const sig = signMessage(header, message, { senderId: 'crvs', keyId: 'k1', privateKey });
    const reordered = { sender_id: 'crvs', action: 'notify', message_ts: header.message_ts, message_id: 'm-1' };
    expect(() => verifySignature(sig, reordered, message, 'crvs', jwks)).not.toThrow();
  });

  it('rejects a changed message, another sender, an unknown key and a missing signature', () => {
    const sig = signMessage(header, message, { senderId: 'crvs', keyId: 'k1', privateKey });
    expect(() => verifySignature(sig, header, { ...message, transaction_id: 't-2' }, 'crvs', jwks)).toThrow(
      'does not match',
    );
    expect(() => verifySignature(sig, header, message, 'other', jwks)).toThrow('another sender');
    const other = signMessage(header, message, { senderId: 'crvs', keyId: 'k9', privateKey });
    expect(() => verifySignature(other, header, message, 'crvs', jwks)).toThrow('not among');
    try {
      verifySignature(undefined, header, message, 'crvs', jwks);
      throw new Error('expected a rejection');
    } catch (e) {
      expect((e as SignatureRejected).code).toBe('err.signature.missing');
    }
  });

  it('rejects a signature made with a different private key', () => {
    const { privateKey: stranger } = generateKeyPairSync('ed25519');
    const sig = signMessage(header, message, { senderId: 'crvs', keyId: 'k1', privateKey: stranger });
    expect(() => verifySignature(sig, header, message, 'crvs', jwks)).toThrow('does not match');
  });

  it('parses the times and refuses non-ed25519 algorithms', () => {
    const sig = signMessage(header, message, {
      senderId: 'crvs',
      keyId: 'k1',
      privateKey,
      created: 1000,
      ttlSeconds: 60,
    });
    expect(parseSignature(sig)).toMatchObject({ created: 1000, expires: 1060, senderId: 'crvs' });
    expect(() =>
      parseSignature(sig.replace('algorithm="ed25519"', 'algorithm="rsa-sha256"').replace('|ed25519"', '|rsa"')),
    ).toThrow('ed25519');
  });

  it('accepts only public Ed25519 JWKS', () => {
    expect(isValidJwks(jwks)).toBe(true);
    expect(isValidJwks({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'k1' }] })).toBe(false);
    expect(isValidJwks({ keys: [] })).toBe(false);
  });
});
