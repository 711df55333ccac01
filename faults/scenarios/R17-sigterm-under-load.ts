import { between, Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';
import { ServiceProcess } from '../harness/service-process';

const GRACE_MS = 15_000; // SHUTDOWN_GRACE_MS of the fixture target

/**
 * R17: SIGTERM to producers (HTTP + relay) and consumers at random moments under load. Each must
 * exit by itself with code 0 within the grace period (it drains the outbox, finishes the record
 * in flight and commits its offset); a replacement starts; nothing lost or applied twice.
 */
const scenario: Scenario = {
  id: 'R17',
  name: 'SIGTERM under load',
  async run(ctx) {
    const producers: ServiceProcess[] = [
      await ctx.start('producer-a', { relay: true, consumer: false }),
      await ctx.start('producer-b', { relay: true, consumer: false }),
    ];
    const consumers: ServiceProcess[] = [
      await ctx.start('consumer-a', { relay: false, consumer: true }),
      await ctx.start('consumer-b', { relay: false, consumer: true }),
    ];
    const load = ctx.load(() => producers, { keys: 20, ratePerSec: 50 });
    const stops = ctx.n(2, 8);
    const exits: string[] = [];
    let clean = true;
    for (let k = 0; k < stops; k++) {
      await sleep(between(500, 2_000));
      const group = k % 2 === 0 ? producers : consumers;
      const i = between(0, 1);
      const e = await group[i].kill('SIGTERM', GRACE_MS + 5_000);
      exits.push(`${group[i].label} ${e.code ?? e.signal} in ${e.afterMs} ms`);
      if (e.code !== 0 || e.afterMs > GRACE_MS) clean = false;
      group[i] = await ctx.start(`${group === producers ? 'producer' : 'consumer'}-${k}`, {
        relay: group === producers,
        consumer: group === consumers,
      });
    }
    await sleep(1_000);
    await load.stop();
    ctx.note(`exits: ${exits.join('; ')}; commands ${load.sent}, failures ${JSON.stringify(load.failures())}`);
    return {
      ledger: await ctx.ledger(load.acked),
      checks: { 'every SIGTERMed process exited 0 within the grace period': clean },
    };
  },
};
export default scenario;
