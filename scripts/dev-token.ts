// Prints a development bearer token (libs/platform/README.md "Development tokens").
//   node -r @swc-node/register scripts/dev-token.ts --sub alice --roles assistance:reviewer,assistance:viewer [--towns 442000001] [--name Alice] [--ttl 28800]
// Signs with JWT_SECRET from the environment, else from tmp/dev-secrets.env (CIVIC_DEV_SECRETS),
// the secret `npm start` gives every local service. Refuses when NODE_ENV=production.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IsIn, IsNotEmpty, IsString, MinLength } from 'class-validator';
import { ConfigError, isRole, loadConfig, Role, signDevToken } from '@civic/platform';

class DevTokenConfig {
  @IsIn(['development', 'test'], { message: 'development tokens are never issued when NODE_ENV=production' })
  NODE_ENV: 'development' | 'test' = 'development';

  @MinLength(32, {
    message: 'JWT_SECRET must be set (at least 32 characters): run `bash deploy/dev-secrets.sh` or export it',
  })
  JWT_SECRET: string;

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER = 'civic-dev-issuer';

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE = 'civic-platform';
}

function secretsFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const pairs = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m) => m !== null);
  return Object.fromEntries(pairs.map((m) => [m[1], m[2]]));
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function main() {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      towns: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  if (!values.sub)
    throw new Error(
      'usage: dev-token --sub <user> --roles <department:duty,...> [--towns <code,...>] [--name <name>] [--ttl <seconds>]',
    );
  const roles = list(values.roles);
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length)
    throw new Error(
      `unknown role(s): ${unknown.join(', ')} (form <department>:<duty>, see libs/platform/src/auth/roles.ts)`,
    );
  const env = {
    ...secretsFile(process.env.CIVIC_DEV_SECRETS ?? join(__dirname, '..', 'tmp', 'dev-secrets.env')),
    ...process.env,
  };
  const config = loadConfig(DevTokenConfig, env);
  const ttl = values.ttl ? Number(values.ttl) : 8 * 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive number of seconds');
  const token = await signDevToken(
    { ...config, JWT_ALGORITHM: 'EdDSA' },
    {
      sub: values.sub,
      roles: roles as Role[],
      ...(values.name ? { name: values.name } : {}),
      ...(values.towns ? { towns: list(values.towns) } : {}),
    },
    ttl,
  );
  process.stdout.write(token + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`dev-token: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof ConfigError && e.problems.some((p) => p.variable === 'JWT_SECRET')) {
    process.stderr.write(
      'hint: `bash deploy/dev-secrets.sh` creates tmp/dev-secrets.env, the secret `npm start` gives every local service\n',
    );
  }
  process.exit(1);
});
