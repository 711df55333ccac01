import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevToken } from '@civic/platform';
import { freshSchema, freshTopics, FreshTopics } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { HUB_TOPICS } from '../src/persistence/hub-topics';
import { signMessage } from '../src/dci/signing/dci-signature';

const hex = () => randomBytes(32).toString('hex');

/** One gateway instance on a fresh schema and topic prefix, with helpers to act as senders and staff. */
export interface HubTestKit {
  app: ServiceApp;
  url: string;
  schemaUrl: string;
  topics: FreshTopics;
  env: Record<string, string>;
  token(sub: string, roles: Role[], towns?: string[]): Promise<string>;
  /** Every request a TestSender posted and the answer it got, in order (the conformance check reads them). */
  exchanges: Exchange[];
  /** Registers a sender with a fresh Ed25519 key; returns a client that signs as it. */
  sender(
    senderId: string,
    opts?: { ratePerMinute?: number; maxBatchRecords?: number; callbackBaseUrl?: string },
  ): Promise<TestSender>;
  close(): Promise<void>;
}

/** One request to the gateway and its answer. */
export interface Exchange {
  path: string;
  request: unknown;
  status: number;
  response: unknown;
  contentType: string;
}

/** A registered sender: signs envelopes with its key and posts them with its bearer token. */
export interface TestSender {
  senderId: string;
  privateKey: KeyObject;
  bearer: string;
  envelope(
    action: string,
    message: Record<string, unknown>,
    opts?: {
      signed?: boolean;
      created?: number;
      ttlSeconds?: number;
      messageTs?: string;
      messageId?: string;
      key?: KeyObject;
      header?: Record<string, unknown>;
    },
  ): Record<string, unknown>;
  post(path: string, body: unknown): Promise<{ status: number; body: any; headers: Record<string, string> }>;
}

export async function startHubGateway(prefix: string, extraEnv: Record<string, string> = {}): Promise<HubTestKit> {
  const schema = await freshSchema(prefix);
  const topics = await freshTopics(prefix, HUB_TOPICS);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL as string,
    DATABASE_SCHEMA: schema.schema,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
    TOPIC_PREFIX: topics.prefix,
    JWT_SECRET: hex(),
    PERSON_REF_KEYS: JSON.stringify({ current: 't1', keys: { t1: `hex:${hex()}` } }),
    ID_ENCRYPTION_KEYS: JSON.stringify({ current: 't1', keys: { t1: `hex:${hex()}` } }),
    RELAY_POLL_INTERVAL_MS: '50',
    DELIVERY_POLL_INTERVAL_MS: '100',
    DELIVERY_BACKOFF_MS: '100',
    LOG_LEVEL: 'warn',
    // receivers listen on 127.0.0.1 over http (startReceiver); production allows neither
    CALLBACK_ALLOWED_HOSTS: JSON.stringify({ '*': ['127.0.0.1'] }),
    CALLBACK_ALLOW_HTTP: 'true',
    CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule, {
    name: 'hub-gateway',
    config: HubGatewayConfig,
    env,
    transports: (a) => [inboxTransportFor(a)],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const config = app.get(HubGatewayConfig);
  const token = (sub: string, roles: Role[], towns?: string[]) =>
    signDevToken(config, { sub, roles, ...(towns ? { towns } : {}) });
  const admin = await token('hub-admin', ['hub:admin']);

  const exchanges: Exchange[] = [];
  const post = async (path: string, body: unknown, bearer?: string) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const answer = {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      headers: Object.fromEntries(res.headers.entries()),
    };
    exchanges.push({
      path,
      request: body,
      status: answer.status,
      response: answer.body,
      contentType: answer.headers['content-type'] ?? '',
    });
    return answer;
  };

  return {
    app,
    url,
    exchanges,
    schemaUrl: schema.url,
    topics,
    env,
    token,
    async sender(senderId, opts = {}) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1' }] };
      const res = await fetch(`${url}/api/v1/senders`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ senderId, jwks, ...opts }),
      });
      if (res.status !== 200) throw new Error(`sender registration failed: ${res.status} ${await res.text()}`);
      const bearer = await token(senderId, ['hub:hub-integration']);
      return {
        senderId,
        privateKey,
        bearer,
        envelope(action, message, o = {}) {
          const header = {
            version: '1.0.0',
            message_id: o.messageId ?? randomUUID(),
            message_ts: o.messageTs ?? new Date().toISOString(),
            action,
            sender_id: senderId,
            receiver_id: 'civic-hub-gateway',
            total_count: (Object.values(message).find(Array.isArray) as unknown[] | undefined)?.length ?? 1,
            ...o.header,
          };
          if (o.signed === false) return { header, message };
          return {
            signature: signMessage(header, message, {
              senderId,
              keyId: 'key-1',
              privateKey: o.key ?? privateKey,
              created: o.created,
              ttlSeconds: o.ttlSeconds,
            }),
            header,
            message,
          };
        },
        post: (path, body) => post(path, body, bearer),
      };
    },
    async close() {
      await app.close();
      await topics.drop().catch(() => undefined);
      await schema.drop();
    },
  };
}

/** Valid resident ID numbers (GB 11643-1999 check character computed), distinct per n. */
export function residentId(n: number, birth = '19700101'): string {
  const first17 = `442000${birth}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A subscriber's HTTP endpoint on 127.0.0.1 that records what it receives; `fail(n)` answers 503 to the next n requests. */
export async function startReceiver(): Promise<{
  url: string;
  received: { path: string; headers: Record<string, string>; body: string }[];
  fail(n: number): void;
  close(): Promise<void>;
}> {
  const { createServer } = await import('node:http');
  const received: { path: string; headers: Record<string, string>; body: string }[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.writeHead(503).end();
        return;
      }
      received.push({
        path: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ message: { ack_status: 'ACK', timestamp: new Date().toISOString(), correlation_id: 'x' } }),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    fail: (n) => (failures = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
