import { createServer } from 'node:net';

/** A port the OS says is free on 127.0.0.1 now (a fixed counter collided with other runs on the same machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
