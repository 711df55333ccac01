import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';
import { ServiceProcess } from '../harness/service-process';

/**
 * R5: consumers join and leave while commands flow (each change is a rebalance): one consumer,
 * then three, then one leaves with SIGTERM and (full run) one with SIGKILL, then another joins.
 * Pass: nothing lost, no duplicate effect, per-counter order kept, and the backlog drains (lag 0).
 */
const scenario: Scenario = {
  id: 'R5',
  name: 'consumers join and leave under load',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const load = ctx.load(() => [producer], { keys: 30, ratePerSec: 50 });
    const consumers: ServiceProcess[] = [await ctx.start('consumer-1', { relay: false, consumer: true })];
    consumers.push(
      ...(await Promise.all([
        ctx.start('consumer-2', { relay: false, consumer: true }),
        ctx.start('consumer-3', { relay: false, consumer: true }),
      ])),
    );
    await sleep(3_000);
    const left = await consumers[0].kill('SIGTERM');
    ctx.note(`consumer-1 left with SIGTERM in ${left.afterMs} ms (exit ${left.code ?? left.signal})`);
    if (ctx.settings.mode === 'full') {
      await sleep(3_000);
      await consumers[1].kill('SIGKILL');
      ctx.note('consumer-2 left with SIGKILL');
    }
    await ctx.start('consumer-4', { relay: false, consumer: true });
    await sleep(ctx.n(3_000, 20_000));
    await load.stop();
    ctx.note(`commands ${load.sent}, failures ${JSON.stringify(load.failures())}`);
    return { ledger: await ctx.ledger(load.acked) };
  },
};
export default scenario;
