import './request-queue-idle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: { scheduleCheckPendingRequests(this: unknown): void };
};

// The scheduling decision of request-queue-idle.ts on a queue's state alone (fake timers); the
// int-spec beside it runs it against the broker.
describe('when a kafkajs request queue re-checks itself', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const queue = (state: { pending: number; throttledForMs?: number }) => {
    const q = {
      pending: Array.from({ length: state.pending }),
      throttledUntil: state.throttledForMs ? Date.now() + state.throttledForMs : -1,
      throttleCheckTimeoutId: null as unknown,
      checkPendingRequests: jest.fn(),
    };
    RequestQueue.prototype.scheduleCheckPendingRequests.call(q);
    return q;
  };

  it('arms no timer when nothing waits and no throttle holds', () => {
    const q = queue({ pending: 0 });
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("re-checks a queue with waiting requests after kafkajs's 10 ms", () => {
    const q = queue({ pending: 2 });
    jest.advanceTimersByTime(9);
    expect(q.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(q.checkPendingRequests).toHaveBeenCalledTimes(1);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('re-checks a throttled queue when the throttle lifts, whether or not a request waits yet', () => {
    for (const pending of [1, 0]) {
      const q = queue({ pending, throttledForMs: 250 });
      jest.advanceTimersByTime(249);
      expect(q.checkPendingRequests).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(q.checkPendingRequests).toHaveBeenCalledTimes(1);
    }
  });

  it('keeps one timer: a queue already waiting on one arms no second', () => {
    const q = queue({ pending: 1 });
    RequestQueue.prototype.scheduleCheckPendingRequests.call(q);
    expect(jest.getTimerCount()).toBe(1);
  });
});
