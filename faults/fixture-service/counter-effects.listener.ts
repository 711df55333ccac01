import { EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FaultCounterIncremented } from './counter-incremented.event';
import { CrashSwitch, EFFECT_MARK } from './crash-switch';

/**
 * The consumer side: one effect row per applied event, inside the inbox transaction, plus the
 * per-counter sequence check. Sequence gaps are recorded (expected_seq), not thrown, so the
 * harness can count them; the 'poison', 'fail-twice' and 'until-fixed' markers inject handler failures.
 */
@InboxListener()
export class CounterEffectsListener {
  constructor(private readonly crash: CrashSwitch) {}

  @EventPattern('faults.counter.incremented')
  async apply(@Payload() event: EventEnvelope<FaultCounterIncremented>, @Ctx() ctx: InboxContext): Promise<void> {
    const { counterId, seq, fault } = event.data;
    if (fault === 'poison') throw new Error(`poison event ${event.id}: this handler always fails`);
    if (fault === 'fail-twice' && ctx.record.attempt <= 2)
      throw new Error(`transient failure ${ctx.record.attempt} of event ${event.id}`);
    if (fault === 'until-fixed') {
      const bug = await ctx.manager.query(`SELECT 1 FROM fault_bug WHERE counter_id = $1`, [counterId]);
      if (bug.length) throw new Error(`event ${event.id} meets a bug in this handler (fault_bug lists ${counterId})`);
    }
    // one statement, one round trip: read and advance the counter's applied seq, write the effect
    await ctx.manager.query(
      `WITH prev AS (SELECT seq FROM fault_applied WHERE counter_id = $1 FOR UPDATE),
            up AS (INSERT INTO fault_applied (counter_id, seq) VALUES ($1, $2) ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq))
       INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid) SELECT $1, $2, COALESCE((SELECT seq FROM prev), 0) + 1, $3, $4`,
      [counterId, seq, event.id, process.pid],
    );
    const runner = ctx.manager.queryRunner;
    if (runner) runner.data = { ...runner.data, [EFFECT_MARK]: Number(runner.data?.[EFFECT_MARK] ?? 0) + 1 };
    this.crash.effectApplied();
  }
}
