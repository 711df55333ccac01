// The operators' command over a service's dead-letter API (docs/operations.md "Dead letters"):
//   npm run -s dlq -- <service> list [--all] [--consumer <name>]
//   npm run -s dlq -- <service> show <id>
//   npm run -s dlq -- <service> redrive <id>
//   npm run -s dlq -- <service> discard <id> --reason "<why>"
// The service is reached at --url, else at 127.0.0.1 on its port in deploy/ports.conf; the bearer
// token (the department's admin role) comes from CIVIC_TOKEN. Prints the JSON answer; exits 1 on a
// problem-details answer, printing its title and detail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    all: { type: 'boolean', default: false },
    consumer: { type: 'string' },
    reason: { type: 'string' },
  },
});
const [service, command, id] = positionals;
const usage = 'usage: npm run -s dlq -- <service> list|show <id>|redrive <id>|discard <id> --reason "<why>"';

function portOf(name: string): number | undefined {
  const line = readFileSync(join(__dirname, '../deploy/ports.conf'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([app]) => app === name);
  return line ? Number(line[1]) : undefined;
}

async function main(): Promise<number> {
  const port = service ? portOf(service) : undefined;
  if (!service || !command || (!values.url && !port)) {
    console.error(service && !port ? `unknown service ${service} (deploy/ports.conf)\n${usage}` : usage);
    return 2;
  }
  const token = process.env.CIVIC_TOKEN;
  if (!token) {
    console.error(
      'CIVIC_TOKEN must hold a bearer token with the department admin role (npm run -s token in development)',
    );
    return 2;
  }
  const base = `${values.url ?? `http://127.0.0.1:${port}`}/api/v1/dead-letters`;
  const request: Record<string, () => [string, string, unknown?]> = {
    list: () => [
      'GET',
      `${base}?state=${values.all ? 'all' : 'unresolved'}${values.consumer ? `&consumer=${encodeURIComponent(values.consumer)}` : ''}`,
    ],
    show: () => ['GET', `${base}/${id}`],
    redrive: () => ['POST', `${base}/${id}/redrive`],
    discard: () => ['POST', `${base}/${id}/discard`, { reason: values.reason }],
  };
  if (!request[command] || (command !== 'list' && !id)) {
    console.error(usage);
    return 2;
  }
  const [method, url, body] = request[command]();
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
  if (!res.ok) {
    console.error(`${res.status} ${answer.title ?? ''}: ${answer.detail ?? ''}`);
    return 1;
  }
  console.log(JSON.stringify(answer, null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
