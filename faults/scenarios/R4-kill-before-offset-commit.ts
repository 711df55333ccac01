import { between, Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R4: under live load, the consumer SIGKILLs itself right after an inbox transaction commits and
 * before that record's offset is committed; its replacement gets the record again and the inbox
 * must absorb it (the ledger counts a second effect row as a duplicate).
 */
const scenario: Scenario = {
  id: 'R4',
  name: 'kill after inbox commit, before offset commit',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    const load = ctx.load(() => [producer], { keys: 10, ratePerSec: ctx.n(25, 40) });
    const kills = ctx.n(1, 10);
    for (let k = 0; k < kills; k++) {
      const c = await ctx.start(
        `consumer-${k}`,
        { relay: false, consumer: true },
        { FIXTURE_CRASH_AFTER_EFFECTS: String(between(5, 60)) },
      );
      const e = await Promise.race([c.exited, sleep(30_000).then(() => undefined)]);
      if (e?.signal !== 'SIGKILL')
        throw new Error(`consumer-${k} did not kill itself after its k-th effect within 30 s`);
    }
    await sleep(500);
    await load.stop();
    await ctx.start('consumer-last', { relay: false, consumer: true });
    ctx.note(`${kills} consumers killed between effect commit and offset commit; commands ${load.sent}`);
    return { ledger: await ctx.ledger(load.acked) };
  },
};
export default scenario;
