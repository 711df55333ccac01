// `npm run dci:sign` — signs a DCI message file as a sender would, so an integrator can try the
// gateway by hand (docs: apps/hub-gateway/docs/dci-signing.md):
//   npm run dci:sign -- --new-key key-1 > key.json          a fresh Ed25519 key: {privateKeyPem, jwks}
//   npm run dci:sign -- --key key.pem --sender zs-data-hub --kid key-1 [--ttl 300] [--keep-header] message.json
// message.json is {header, message} (or just the message); the signed envelope goes to stdout.
import { randomUUID, createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signMessage } from './dci-signature';

export interface SignOptions {
  senderId: string;
  keyId: string;
  privateKey: KeyObject;
  ttlSeconds?: number;
  /** Keep header.message_id and message_ts as given; by default each run gets a new id and the current time. */
  keepHeader?: boolean;
}

/** The signed envelope of a {header, message} document (or of a bare message) as a sender posts it. */
export function signEnvelope(doc: Record<string, unknown>, o: SignOptions) {
  const bare = !('message' in doc);
  const message = (bare ? doc : doc.message) as Record<string, unknown>;
  const given = (bare ? {} : (doc.header ?? {})) as Record<string, unknown>;
  const header = {
    version: '1.0.0',
    total_count: (Object.values(message).find(Array.isArray) as unknown[] | undefined)?.length ?? 1,
    ...given,
    sender_id: o.senderId,
    ...(o.keepHeader && given.message_id ? {} : { message_id: randomUUID() }),
    ...(o.keepHeader && given.message_ts ? {} : { message_ts: new Date().toISOString() }),
  };
  const signature = signMessage(header, message, {
    senderId: o.senderId,
    keyId: o.keyId,
    privateKey: o.privateKey,
    ttlSeconds: o.ttlSeconds,
  });
  return { signature, header, message };
}

/** A new Ed25519 key: the PKCS#8 PEM to keep and the JWKS to register (PUT /api/v1/senders). */
export function newKey(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: keyId, use: 'sig', alg: 'EdDSA' }] },
  };
}

function main(argv: string[]): void {
  const flags = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep-header') flags.set(a, 'true');
    else if (a.startsWith('--')) flags.set(a, argv[++i] ?? '');
    else files.push(a);
  }
  if (flags.has('--new-key')) {
    process.stdout.write(`${JSON.stringify(newKey(flags.get('--new-key') || 'key-1'), null, 2)}\n`);
    return;
  }
  const key = flags.get('--key');
  const sender = flags.get('--sender');
  if (!key || !sender || files.length !== 1) {
    process.stderr.write(
      'usage: npm run dci:sign -- --key <pkcs8.pem> --sender <sender_id> [--kid key-1] [--ttl 300] [--keep-header] <message.json>\n' +
        '       npm run dci:sign -- --new-key <kid>\n',
    );
    process.exitCode = 2;
    return;
  }
  const envelope = signEnvelope(JSON.parse(readFileSync(files[0], 'utf8')), {
    senderId: sender,
    keyId: flags.get('--kid') || 'key-1',
    privateKey: createPrivateKey(readFileSync(key, 'utf8')),
    ttlSeconds: flags.has('--ttl') ? Number(flags.get('--ttl')) : undefined,
    keepHeader: flags.has('--keep-header'),
  });
  process.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
