import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R12: the broker (private, see harness/private-infra.ts) is stopped while commands keep
 * arriving. No command may fail because of Kafka (they only touch PostgreSQL); the outbox
 * backlog grows, and after the broker is back it drains with nothing lost or applied twice.
 */
const scenario: Scenario = {
  id: 'R12',
  name: 'broker stopped while commands keep arriving',
  needs: 'private-broker',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const consumer = await ctx.start('consumer', { relay: false, consumer: true });
    const load = ctx.load(() => [producer], { keys: 20, ratePerSec: 40 });
    await sleep(3_000);
    const outageMs = ctx.n(10_000, 60_000);
    await ctx.infra.stopBroker!();
    await sleep(outageMs);
    const [{ n: backlog }] = (await ctx.db.query(`SELECT count(*)::int AS n FROM outbox_pending`)).rows;
    await ctx.infra.startBroker!();
    await sleep(2_000);
    await load.stop();
    ctx.note(
      `broker down ${outageMs / 1000} s; outbox backlog at restart ${backlog}; commands ${load.sent}, failures ${JSON.stringify(load.failures())}`,
    );
    const ledger = await ctx.ledger(load.acked, 180_000);
    return {
      ledger,
      checks: {
        'no command failed while the broker was down': Object.keys(load.failures()).length === 0,
        'a backlog built up during the outage': backlog > 0,
        'producer and consumer survived the outage without a restart': producer.alive && consumer.alive,
      },
    };
  },
};
export default scenario;
