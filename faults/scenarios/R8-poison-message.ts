import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R8: one counter gets an event whose handler always throws. It must be retried a bounded number
 * of times and dead-lettered with the reason; the later events of that counter follow it to the
 * dead-letter topic (held), every other counter keeps flowing, and nothing is silently skipped
 * (every committed event is either an effect or a dead letter).
 */
const scenario: Scenario = {
  id: 'R8',
  name: 'poison message',
  async run(ctx) {
    const producer = await ctx.start('producer', { relay: true, consumer: false });
    await ctx.start('consumer', { relay: false, consumer: true });
    const keys = 10;
    const poisonAt = 3 * keys + 4; // the 4th increment of counter k4
    const load = ctx.load(() => [producer], {
      keys,
      ratePerSec: 50,
      limit: ctx.n(200, 1000),
      fault: (i) => (i === poisonAt ? 'poison' : undefined),
    });
    await load.done();
    await sleep(500);
    const ledger = await ctx.ledger(load.acked);
    const letters = (
      await ctx.db.query(`SELECT d.reason, d.attempts, d.message_key, d.message FROM dead_letter d ORDER BY id`)
    ).rows as { reason: string; attempts: number; message_key: string; message: string }[];
    const poison = letters.filter((l) => l.reason === 'handler-failed');
    const others = letters.filter((l) => l.message_key !== 'k4');
    ctx.note(
      `dead letters: ${letters.length} (${poison.length} handler-failed after ${poison[0]?.attempts} attempts, the rest held behind it)`,
    );
    return {
      ledger,
      checks: {
        'the poison event is dead-lettered once with its reason':
          poison.length === 1 && poison[0].message_key === 'k4' && /always fails/.test(poison[0].message),
        'retries were bounded': poison.length === 1 && poison[0].attempts > 1 && poison[0].attempts <= 10,
        'later k4 events are held, not skipped':
          letters.length === ledger.deadLettered &&
          letters.slice(1).every((l) => l.reason === 'held-behind-dead-letter'),
        'no other counter is dead-lettered': others.length === 0,
      },
    };
  },
};
export default scenario;
