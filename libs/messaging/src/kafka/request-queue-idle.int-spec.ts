import { Admin, Producer } from 'kafkajs';
import { isolatedTopics } from '../../test-support/isolation';
import { createKafka } from './kafka-config';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: { checkPendingRequests(): void };
};

// request-queue-idle.ts, against the real broker: an idle connection no longer checks its queue
// every millisecond, and requests that do wait in the queue are still all sent.
describe("kafkajs's request queue without its idle timer loop", () => {
  let checks = 0;
  let spy: jest.SpyInstance;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let producer: Producer | undefined;
  let admin: Admin | undefined;

  beforeAll(async () => {
    topics = await isolatedTopics('rqidle', ['idle.probe'], 1);
    const original = RequestQueue.prototype.checkPendingRequests;
    spy = jest.spyOn(RequestQueue.prototype, 'checkPendingRequests').mockImplementation(function (this: unknown) {
      checks++;
      return original.call(this);
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    spy?.mockRestore();
    await topics?.drop();
  });

  it('is the kafkajs release the fix was written against (an upgrade must review request-queue-idle.ts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require('kafkajs/package.json') as { version: string }).version).toBe('2.2.4');
  });

  it('leaves an idle connection quiet after its requests are answered', async () => {
    producer = createKafka(topics.connection).producer();
    await producer.connect();
    await producer.send({ topic: topics.topic('idle.probe'), messages: [{ key: 'k', value: 'first' }] });
    checks = 0;
    await new Promise((r) => setTimeout(r, 1_000));
    // kafkajs as released checks ~1,000 times a second per connection here
    expect(checks).toBeLessThan(5);
  });

  it('still sends every request that had to wait for an in-flight slot', async () => {
    const queued = createKafka(topics.connection).producer({ maxInFlightRequests: 1 });
    await queued.connect();
    try {
      checks = 0;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          queued.send({ topic: topics.topic('idle.probe'), messages: [{ key: 'k', value: `queued-${i}` }] }),
        ),
      );
      // the 39 sends behind the first waited in the queue and were taken from it by its checks
      expect(checks).toBeGreaterThan(0);
    } finally {
      await queued.disconnect();
    }
    admin = createKafka(topics.connection).admin();
    await admin.connect();
    const [partition] = await admin.fetchTopicOffsets(topics.topic('idle.probe'));
    expect(Number(partition.high)).toBe(41);
  });
});
