import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R9: the service's PostgreSQL server is stopped for a while under load (private cluster, see
 * harness/private-infra.ts) and started again. Commands fail while it is down (their
 * transactions never commit), answered 503 with Retry-After; afterwards relay and consumer must reconnect by themselves, with
 * no restart of the service processes, and every committed event must be applied once.
 */
const scenario: Scenario = {
  id: 'R9',
  name: 'PostgreSQL stopped and restarted under load',
  needs: 'private-postgres',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const consumer = await ctx.start('consumer', { relay: false, consumer: true });
    const load = ctx.load(() => [producer], { keys: 20, ratePerSec: 40 });
    await sleep(3_000);
    const outageMs = ctx.n(10_000, 45_000);
    await ctx.infra.stopPostgres!();
    await sleep(outageMs);
    await ctx.infra.startPostgres!();
    await sleep(5_000);
    await load.stop();
    ctx.note(
      `PostgreSQL down ${outageMs / 1000} s; commands ${load.sent}, failed while it was down ${JSON.stringify(load.failures())}`,
    );
    const ledger = await ctx.ledger(load.acked);
    const failures = load.failures();
    return {
      ledger,
      checks: {
        'producer and consumer survived the outage without a restart': producer.alive && consumer.alive,
        // an unreachable database is the caller's cue to retry (503, Retry-After), not a defect (500)
        'commands refused while the database was down were answered 503, never 500': !failures['500'],
      },
    };
  },
};
export default scenario;
