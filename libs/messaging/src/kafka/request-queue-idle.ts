// kafkajs 2.2.4, its last release, re-arms a timer on every broker connection each time it checks
// the connection's request queue. It does so even when no request waits and no throttle holds.
// That timer's delay is then `throttledUntil - Date.now()`, a large negative number, which Node
// runs after 1 ms (and, from Node 24, warns about: "TimeoutNegativeWarning"). Each open connection
// therefore wakes the event loop about 1,000 times a second for as long as it stays open, idle or
// not. Upstream knows (tulios/kafkajs issues 1704 and 1751); the fixes were never merged.
//
// Measured on this project's 2-core host: a producer and an admin client, idle for 5 s, made 8,308
// queue checks and took 199 ms of CPU. With this change they take neither
// (docs/benchmarks.md, City scale, eighth pass).
//
// The replacement arms the timer only when a request waits or a throttle will lift. That is
// enough: a request that cannot be sent at once is queued by `push`, which calls this with the
// queue non-empty; a fulfilled or timed-out request checks the queue itself.
// request-queue-idle.int-spec.ts shows on the broker that an idle connection stays quiet and that
// queued requests are still all sent; request-queue-idle.spec.ts covers when the timer is armed.

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for re-checking a queue that has waiting requests. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

// A deep import: kafkajs exports no way to reach its request queue.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };

if (typeof RequestQueue.prototype.scheduleCheckPendingRequests !== 'function')
  throw new Error('kafkajs no longer has RequestQueue.scheduleCheckPendingRequests: review request-queue-idle.ts');

RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  if (!this.pending.length && untilUnthrottled <= 0) return;
  const delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
};

export {};
