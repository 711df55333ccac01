import { TopicProbe } from '@civic/messaging';
import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R16: after every event is applied, the whole topic is replayed from offset 0 into the same
 * consumer (each record written again, same key, value and headers). State must be identical
 * before and after, with no new effect; the consumer's duplicate counter proves it saw them.
 */
const scenario: Scenario = {
  id: 'R16',
  name: 'replay from offset 0 into a populated inbox',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const consumer = await ctx.start('consumer', { relay: false, consumer: true });
    const load = ctx.load(() => [producer], { keys: 15, ratePerSec: 80, limit: ctx.n(200, 3000) });
    await load.done();
    const before = await ctx.ledger(load.acked);
    const state = () =>
      ctx.db.query(`SELECT counter_id, seq FROM fault_applied ORDER BY counter_id`).then((r) => JSON.stringify(r.rows));
    const stateBefore = await state();

    const topic = `${ctx.topicPrefix}faults.counter`;
    const probe = new TopicProbe({ brokers: ctx.kafka.brokers, clientId: 'faults-r16' });
    const records = await probe.collect(topic, { count: before.committed, timeoutMs: 60_000 });
    for (let i = 0; i < records.length; i += 500) {
      await probe.send(
        topic,
        records.slice(i, i + 500).map((r) => ({ key: r.key!, value: r.value!, headers: r.headers })),
      );
    }
    const duplicatesSeen = async () => {
      const text = await fetch(`${consumer.url}/metrics`).then((r) => r.text());
      return Number(/^inbox_duplicates_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const t0 = Date.now();
    while ((await duplicatesSeen()) < records.length && Date.now() - t0 < 120_000) await sleep(250);
    const seen = await duplicatesSeen();
    const after = await ctx.ledger(load.acked);
    const stateAfter = await state();
    ctx.note(
      `replayed ${records.length} records; the inbox rejected ${seen} as duplicates; effects before ${before.delivered}, after ${after.delivered + after.duplicated}`,
    );
    return {
      ledger: after,
      checks: {
        'state identical before and after': stateBefore === stateAfter,
        'every replayed record reached the consumer and was rejected': seen === records.length,
        'no new effect': after.delivered === before.delivered && after.duplicated === 0,
      },
    };
  },
};
export default scenario;
