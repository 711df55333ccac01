import { awaitEvent, collectEvents, freshTopics, FreshTopics, produceRaw, readDeadLetter } from './kafka';

describe('Kafka test helpers', () => {
  let topics: FreshTopics;
  beforeAll(async () => {
    topics = await freshTopics('kafkahelp', ['testkit.probe'], 1);
  }, 60_000);
  afterAll(() => topics?.drop(), 60_000);

  it('creates prefixed topics with their dead-letter topics, and reads back what was produced', async () => {
    expect(topics.topic('testkit.probe')).toBe(`${topics.prefix}testkit.probe`);
    await produceRaw(topics.topic('testkit.probe'), [
      { key: 'a', value: JSON.stringify({ n: 1 }) },
      { key: 'b', value: JSON.stringify({ n: 2 }), headers: { ce_id: 'e-2' } },
    ]);
    const all = await collectEvents(topics.topic('testkit.probe'), 2);
    expect(all.map((r) => r.json)).toEqual([{ n: 1 }, { n: 2 }]);
    const b = await awaitEvent(topics.topic('testkit.probe'), (r) => r.key === 'b');
    expect(b.headers.ce_id).toBe('e-2');
    await expect(collectEvents(topics.topic('testkit.probe'), 3, 3_000)).rejects.toThrow(/saw 2 record\(s\) of 3/);
  }, 60_000);

  it('decodes a dead-letter record', async () => {
    await produceRaw(topics.dlq('testkit.probe'), [
      {
        key: 'a',
        value: '{}',
        headers: {
          'dlq-reason': 'invalid-payload',
          'dlq-field': 'data.seq',
          'dlq-message': 'must be an integer',
          'dlq-attempts': '1',
          'dlq-consumer': 'c',
          'dlq-original-topic': topics.topic('testkit.probe'),
          'dlq-original-partition': '0',
          'dlq-original-offset': '7',
        },
      },
    ]);
    const dl = await readDeadLetter(topics.dlq('testkit.probe'));
    expect(dl).toMatchObject({
      reason: 'invalid-payload',
      field: 'data.seq',
      attempts: 1,
      originalTopic: topics.topic('testkit.probe'),
      originalPartition: 0,
      originalOffset: '7',
      key: 'a',
    });
  }, 60_000);
});
