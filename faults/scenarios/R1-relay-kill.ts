import { between, Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';
import { ServiceProcess } from '../harness/service-process';

/**
 * R1: kill -9 the service (HTTP + relay) at random moments while commands commit, so some kills
 * land between the DB commit and the broker ack, others between the ack and marking rows sent.
 * Two replicas: the survivor takes the outbox lock over; the killed one is restarted.
 */
const scenario: Scenario = {
  id: 'R1',
  name: 'kill -9 service/relay at random points',
  async run(ctx) {
    await ctx.start('consumer', { relay: false, consumer: true });
    const producers: ServiceProcess[] = [
      await ctx.start('producer-a', { relay: true, consumer: false }),
      await ctx.start('producer-b', { relay: true, consumer: false }),
    ];
    const load = ctx.load(() => producers, { keys: 20, ratePerSec: ctx.n(25, 40) });
    const kills = ctx.n(3, 15);
    for (let k = 0; k < kills; k++) {
      await sleep(between(200, 1500));
      const i = between(0, 1);
      await producers[i].kill('SIGKILL');
      producers[i] = await ctx.start(`producer-${k}`, { relay: true, consumer: false });
    }
    await sleep(1_000);
    await load.stop();
    ctx.note(`${kills} SIGKILLs; commands: ${load.sent} sent, failures ${JSON.stringify(load.failures())}`);
    return { ledger: await ctx.ledger(load.acked) };
  },
};
export default scenario;
