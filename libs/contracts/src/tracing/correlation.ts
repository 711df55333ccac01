import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// Beside the trace context, for the same reason: HTTP requests (libs/platform) and consumers
// (libs/messaging) set it, and createEvent reads it, so an event's correlationid defaults to the
// request's X-Request-Id or the consumed event's correlation without every caller passing it.
const storage = new AsyncLocalStorage<string>();
// accepted from callers as-is only when it cannot smuggle anything into a log line or header
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The correlation id of the work in progress (HTTP request or consumed event), kept across awaits. */
export const correlation = {
  /** Runs fn with `id` as the current correlation id. */
  run<T>(id: string, fn: () => T): T {
    return storage.run(id, fn);
  },
  /** The current correlation id, or undefined outside a request or handler. */
  current(): string | undefined {
    return storage.getStore();
  },
  /** The caller's id when it is safe to echo, otherwise a new UUID. */
  accept(candidate: unknown): string {
    return typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : randomUUID();
  },
};
