import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier, signDevToken, TokenRejected, userFromClaims } from './access-token';

const dev = {
  NODE_ENV: 'test' as const,
  JWT_SECRET: 'x'.repeat(40),
  JWT_ALGORITHM: 'EdDSA' as const,
  JWT_ISSUER: 'civic-dev-issuer',
  JWT_AUDIENCE: 'civic-platform',
};

describe('access tokens', () => {
  it('verifies a development token and reads sub, name, roles and towns', async () => {
    const verify = await createTokenVerifier(dev);
    const token = await signDevToken(dev, {
      sub: 'alice',
      name: 'Alice',
      roles: ['assistance:reviewer'],
      towns: ['442000001'],
    });
    await expect(verify(token)).resolves.toEqual({
      sub: 'alice',
      name: 'Alice',
      roles: ['assistance:reviewer'],
      towns: ['442000001'],
    });
  });

  it('rejects a token for another audience, from another issuer, or past its expiry', async () => {
    const verify = await createTokenVerifier(dev);
    await expect(
      verify(await signDevToken({ ...dev, JWT_AUDIENCE: 'elsewhere' }, { sub: 'a', roles: [] })),
    ).rejects.toThrow(/"aud"/);
    await expect(
      verify(await signDevToken({ ...dev, JWT_ISSUER: 'someone' }, { sub: 'a', roles: [] })),
    ).rejects.toThrow(/"iss"/);
    await expect(verify(await signDevToken(dev, { sub: 'a', roles: [] }, -60))).rejects.toThrow(
      'bearer token has expired',
    );
    await expect(verify('not.a.jwt')).rejects.toBeInstanceOf(TokenRejected);
  });

  it("verifies with the identity provider's public key and then refuses HS256 tokens", async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA');
    const settings = {
      ...dev,
      NODE_ENV: 'production' as const,
      JWT_SECRET: undefined,
      JWT_PUBLIC_KEY: await exportSPKI(publicKey),
    };
    const verify = await createTokenVerifier(settings);
    const signed = await new SignJWT({ roles: ['hub:hub-integration'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('hub-gateway')
      .setIssuer(dev.JWT_ISSUER)
      .setAudience(dev.JWT_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verify(signed)).resolves.toEqual({ sub: 'hub-gateway', roles: ['hub:hub-integration'] });
    await expect(verify(await signDevToken(dev, { sub: 'mallory', roles: ['hub:admin'] }))).rejects.toThrow(
      'bearer token is invalid',
    );
  });

  it('never issues a development token in production', async () => {
    await expect(signDevToken({ ...dev, NODE_ENV: 'production' }, { sub: 'a', roles: [] })).rejects.toThrow(
      /NODE_ENV=production/,
    );
  });

  it('drops unknown roles and refuses malformed claims', () => {
    expect(userFromClaims({ sub: 'a', roles: ['assistance:viewer', 'root', 7] }).roles).toEqual(['assistance:viewer']);
    expect(() => userFromClaims({ roles: [] })).toThrow('no subject');
    expect(() => userFromClaims({ sub: 'a', roles: 'assistance:viewer' })).toThrow('"roles" claim');
    expect(() => userFromClaims({ sub: 'a', towns: [1] })).toThrow('"towns" claim');
  });
});
