import { createSecretKey, KeyObject } from 'node:crypto';
import { errors, importSPKI, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { BaseServiceConfig } from '../config/base-service.config';
import { AuthenticatedUser } from './authenticated-user';
import { isRole, Role } from './roles';

type JwtSettings = Pick<
  BaseServiceConfig,
  'NODE_ENV' | 'JWT_SECRET' | 'JWT_PUBLIC_KEY' | 'JWT_ALGORITHM' | 'JWT_ISSUER' | 'JWT_AUDIENCE'
>;

/** Why a token was refused; the message is safe to return to the caller. */
export class TokenRejected extends Error {}

/** Builds the verifier for bearer tokens: the identity provider's public key when set, else the HS256 development secret. */
export async function createTokenVerifier(
  settings: JwtSettings,
): Promise<(token: string) => Promise<AuthenticatedUser>> {
  const { key, algorithm } = await verificationKey(settings);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [algorithm],
        issuer: settings.JWT_ISSUER,
        audience: settings.JWT_AUDIENCE,
        clockTolerance: 5,
      });
      return userFromClaims(payload);
    } catch (e) {
      if (e instanceof TokenRejected) throw e;
      if (e instanceof errors.JWTExpired) throw new TokenRejected('bearer token has expired');
      if (e instanceof errors.JWTClaimValidationFailed)
        throw new TokenRejected(`bearer token claim "${e.claim}" is not accepted`);
      throw new TokenRejected('bearer token is invalid');
    }
  };
}

/** Reads {sub, name, roles, towns} from verified claims; unknown role strings grant nothing and are dropped. */
export function userFromClaims(payload: JWTPayload): AuthenticatedUser {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new TokenRejected('bearer token has no subject');
  const roles = payload.roles ?? [];
  if (!Array.isArray(roles)) throw new TokenRejected('bearer token "roles" claim must be an array');
  const towns = payload.towns;
  if (towns !== undefined && !(Array.isArray(towns) && towns.every((t) => typeof t === 'string'))) {
    throw new TokenRejected('bearer token "towns" claim must be an array of town codes');
  }
  return {
    sub: payload.sub,
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    roles: roles.filter(isRole),
    ...(towns !== undefined ? { towns: towns as string[] } : {}),
  };
}

/** Signs a development token with the HS256 secret; refuses when NODE_ENV is production. */
export async function signDevToken(
  settings: JwtSettings,
  claims: { sub: string; name?: string; roles: Role[]; towns?: string[] },
  ttlSeconds = 8 * 3600,
): Promise<string> {
  if (settings.NODE_ENV === 'production')
    throw new Error('development tokens are never issued when NODE_ENV=production');
  if (!settings.JWT_SECRET) throw new Error('JWT_SECRET is not set');
  const bad = claims.roles.filter((r) => !isRole(r));
  if (bad.length) throw new Error(`unknown role(s): ${bad.join(', ')}`);
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(settings.JWT_ISSUER)
    .setAudience(settings.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(createSecretKey(Buffer.from(settings.JWT_SECRET, 'utf8')));
}

async function verificationKey(
  settings: JwtSettings,
): Promise<{ key: KeyObject | Awaited<ReturnType<typeof importSPKI>>; algorithm: string }> {
  if (settings.JWT_PUBLIC_KEY)
    return {
      key: await importSPKI(settings.JWT_PUBLIC_KEY, settings.JWT_ALGORITHM),
      algorithm: settings.JWT_ALGORITHM,
    };
  // loadConfig already refuses production without a public key; this keeps the guard safe if it is bypassed
  if (settings.NODE_ENV === 'production') throw new Error('JWT_PUBLIC_KEY is required when NODE_ENV=production');
  if (!settings.JWT_SECRET) throw new Error('JWT_SECRET is not set');
  return { key: createSecretKey(Buffer.from(settings.JWT_SECRET, 'utf8')), algorithm: 'HS256' };
}

/**
 * A development token for a service started with `env` (its JWT_SECRET, issuer and audience, or the
 * config defaults): what `npm run token` and the e2e fixtures sign with. Refused in production.
 */
export function signDevTokenFor(
  env: Record<string, string | undefined>,
  claims: { sub: string; name?: string; roles: Role[]; towns?: string[] },
): Promise<string> {
  const defaults = new BaseServiceConfig();
  return signDevToken(
    {
      NODE_ENV: (env.NODE_ENV as BaseServiceConfig['NODE_ENV']) ?? 'development',
      JWT_SECRET: env.JWT_SECRET,
      JWT_PUBLIC_KEY: undefined,
      JWT_ALGORITHM: defaults.JWT_ALGORITHM,
      JWT_ISSUER: env.JWT_ISSUER ?? defaults.JWT_ISSUER,
      JWT_AUDIENCE: env.JWT_AUDIENCE ?? defaults.JWT_AUDIENCE,
    },
    claims,
  );
}
