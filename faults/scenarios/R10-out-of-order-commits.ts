import 'reflect-metadata';
import { createEvent } from '@civic/contracts';
import { EVENT_SENT_SQL, messagingEntities, Outbox } from '@civic/messaging';
import { DataSource } from 'typeorm';
import { faultCounterIncrementedV1 } from '../fixture-service/counter-incremented.event';
import { Scenario } from '../harness/scenario';
import { sleep } from '../harness/load';

/**
 * R10: transaction A appends its outbox row first (lower id) but commits only after transaction
 * B (higher id) has committed and been published by the running relay process. A relay that
 * polls `id > last_seen` would skip A forever.
 */
const scenario: Scenario = {
  id: 'R10',
  name: 'out-of-order commits while the relay polls',
  async run(ctx) {
    await ctx.start('service', { relay: true, consumer: true });
    const url = new URL(ctx.infra.databaseUrl);
    url.searchParams.set('options', `-c search_path=${ctx.schema}`);
    const ds = await new DataSource({
      type: 'postgres',
      url: url.toString(),
      entities: messagingEntities,
      extra: { max: 4 },
    }).initialize();
    const outbox = new Outbox();
    const acked: string[] = [];
    const rounds = ctx.n(10, 50);
    let overtaken = 0;
    try {
      for (let r = 0; r < rounds; r++) {
        const a = createEvent(faultCounterIncrementedV1, { counterId: `a${r}`, seq: 1 }, { subject: `a${r}` });
        const b = createEvent(faultCounterIncrementedV1, { counterId: `b${r}`, seq: 1 }, { subject: `b${r}` });
        let releaseA!: () => void;
        const aMayCommit = new Promise<void>((res) => (releaseA = res));
        let aAppended!: () => void;
        const aHasId = new Promise<void>((res) => (aAppended = res));
        const txA = ds.transaction(async (m) => {
          await outbox.append(m, a, 'faults.counter');
          aAppended();
          await aMayCommit;
        });
        await aHasId;
        await ds.transaction((m) => outbox.append(m, b, 'faults.counter'));
        // B (the higher id) is published while A is still open
        for (let t = 0; t < 200; t++) {
          const [row] = await ds.query(EVENT_SENT_SQL, [b.id]);
          if (row?.sent) {
            overtaken++;
            break;
          }
          await sleep(25);
        }
        releaseA();
        await txA;
        acked.push(a.id, b.id);
      }
      const ids = (await ds.query(`SELECT event_id, id FROM outbox_message ORDER BY id`)) as { event_id: string }[];
      ctx.note(`${rounds} rounds; in ${overtaken} the later row was published before the earlier one committed`);
      return {
        ledger: await ctx.ledger(acked),
        checks: { 'the relay published past an open transaction': overtaken === rounds && ids.length === 2 * rounds },
      };
    } finally {
      await ds.destroy();
    }
  },
};
export default scenario;
