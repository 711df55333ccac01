import { between, Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R3: a backlog builds while no consumer runs; then consumers are started that SIGKILL
 * themselves after k of the n records of their fetched batch (k random), again and again, and
 * one is killed from outside at a random moment; a last consumer drains the rest.
 */
const scenario: Scenario = {
  id: 'R3',
  name: 'kill consumer after k of n records of a batch',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const load = ctx.load(() => [producer], { keys: 12, ratePerSec: 60, limit: ctx.n(200, 2000) });
    await sleep(3_000);
    const kills = ctx.n(1, 10);
    let selfKilled = 0;
    for (let k = 0; k < kills; k++) {
      const c = await ctx.start(
        `consumer-${k}`,
        { relay: false, consumer: true },
        { FIXTURE_CRASH_MID_BATCH_AFTER: String(between(1, 40)) },
      );
      const e = await Promise.race([c.exited, sleep(20_000).then(() => undefined)]);
      if (e?.signal === 'SIGKILL') selfKilled++;
      else await c.kill('SIGKILL'); // consumed the whole backlog before its k-th effect: kill it anyway
    }
    if (ctx.settings.mode === 'full') {
      const outsider = await ctx.start('consumer-random', { relay: false, consumer: true });
      await sleep(between(100, 1_500));
      await outsider.kill('SIGKILL');
    }
    await load.done();
    await ctx.start('consumer-last', { relay: false, consumer: true });
    ctx.note(
      `${selfKilled} of ${kills} consumers killed themselves mid-batch after their k-th effect${ctx.settings.mode === 'full' ? ', 1 killed from outside' : ''}`,
    );
    return { ledger: await ctx.ledger(load.acked), checks: { 'at least one consumer died mid-batch': selfKilled > 0 } };
  },
};
export default scenario;
