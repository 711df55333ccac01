import { AddressInfo, createServer, connect, Server, Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut and restore, on the same port. */
export interface TcpProxy {
  port: number;
  /** Drops every connection through the proxy and refuses new ones (the peer looks down). */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `host:port`. A service given its address (e.g. a DATABASE_URL rewritten with
 * `throughProxy`) sees an outage of the server when the test cuts the proxy, while the server itself
 * and every other suite's connection to it stay up.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(port, host);
      track(client);
      track(upstream);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
  const listen = (s: Server, at: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(at, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  let server: Server | undefined = serve();
  const proxyPort = await listen(server, 0);
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const s of sockets) s.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port: proxyPort,
    cut,
    async restore() {
      if (server) return;
      server = serve();
      await listen(server, proxyPort);
    },
    close: cut,
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
