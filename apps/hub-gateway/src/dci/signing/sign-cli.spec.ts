import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySignature } from './dci-signature';
import { newKey } from './sign-cli';

describe('npm run dci:sign', () => {
  it('signs a message file so that the gateway’s verification accepts it, and only unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dci-sign-'));
    const key = newKey('key-7');
    writeFileSync(join(dir, 'key.pem'), key.privateKeyPem);
    const message = {
      transaction_id: 'tx-1',
      search_request: [{ reference_id: 'r1', timestamp: '2026-01-05T09:00:00+08:00', search_criteria: {} }],
    };
    writeFileSync(join(dir, 'msg.json'), JSON.stringify({ header: { action: 'search' }, message }));
    const out = execFileSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(__dirname, 'sign-cli.ts'),
        '--key',
        join(dir, 'key.pem'),
        '--sender',
        'zs-hub',
        '--kid',
        'key-7',
        join(dir, 'msg.json'),
      ],
      { encoding: 'utf8' },
    );
    const env = JSON.parse(out);
    expect(env.header).toMatchObject({ action: 'search', sender_id: 'zs-hub', total_count: 1 });
    expect(verifySignature(env.signature, env.header, env.message, 'zs-hub', key.jwks as never).keyId).toBe('key-7');
    // re-serialised with other key order it still verifies (canonical JSON); changed, it does not
    const reordered = Object.fromEntries(Object.entries(env.message).reverse());
    expect(() => verifySignature(env.signature, env.header, reordered, 'zs-hub', key.jwks as never)).not.toThrow();
    expect(() =>
      verifySignature(
        env.signature,
        env.header,
        { ...env.message, transaction_id: 'tx-2' },
        'zs-hub',
        key.jwks as never,
      ),
    ).toThrow('does not match');
  });
});
