import { between, Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R7: many counters x several increments each, with the relay and the consumer SIGKILLed along
 * the way and one event whose handler fails twice before it succeeds. Per counter the applied
 * seqs must be 1, 2, 3, ... (the fixture records every gap or reorder as an order violation).
 */
const scenario: Scenario = {
  id: 'R7',
  name: 'per-aggregate order under crashes, one event failing twice',
  async run(ctx) {
    const aggregates = ctx.n(60, 1000);
    const perAggregate = ctx.n(4, 20);
    const total = aggregates * perAggregate;
    let producer = await ctx.start('producer', { relay: true, consumer: false });
    let consumer = await ctx.start('consumer', { relay: false, consumer: true });
    const load = ctx.load(() => [producer], {
      keys: aggregates,
      ratePerSec: ctx.n(120, 200),
      concurrency: 8,
      limit: total,
    });
    const crashes = ctx.n(1, 4);
    for (let k = 0; k < crashes; k++) {
      await sleep(between(500, 2_500));
      await producer.kill('SIGKILL');
      producer = await ctx.start(`producer-${k}`, { relay: true, consumer: false });
      await consumer.kill('SIGKILL');
      consumer = await ctx.start(`consumer-${k}`, { relay: false, consumer: true });
    }
    await load.done();
    // one more increment of counter k0 whose handler fails twice, then succeeds: it must hold k0 only
    const failing = await ctx.target.command(producer.url, 'k0', 'fail-twice');
    const after = await ctx.target.command(producer.url, 'k1');
    if (!failing.eventId || !after.eventId)
      throw new Error(`the fail-twice command answered ${failing.status}, the next one ${after.status}`);
    load.acked.push(failing.eventId, after.eventId);
    ctx.note(
      `${aggregates} counters x ${perAggregate}; ${crashes} relay and ${crashes} consumer SIGKILLs; then one k0 event failing twice in its handler; failures ${JSON.stringify(load.failures())}`,
    );
    const ledger = await ctx.ledger(load.acked, 240_000);
    const applied = await ctx.db.query(`SELECT count(*)::int AS n FROM fault_effect WHERE event_id = $1`, [
      failing.eventId,
    ]);
    return { ledger, checks: { 'the fail-twice event was applied in the end': applied.rows[0].n === 1 } };
  },
};
export default scenario;
