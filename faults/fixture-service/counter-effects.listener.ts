import { EventEnvelope } from '@civic/contracts';
import { InboxListener, InboxRunContext, InboxRunPattern, RunItemFailed } from '@civic/messaging';
import { Ctx, Payload } from '@nestjs/microservices';
import { FaultCounterIncremented } from './counter-incremented.event';
import { CrashSwitch, EFFECT_MARK } from './crash-switch';
import { FIXTURE_RUN_SQL } from './fixture-run-sql';

/**
 * The consumer side: one effect row per applied event, inside the inbox transaction, plus the
 * per-counter sequence check. Sequence gaps are recorded (expected_seq), not thrown, so the
 * harness can count them; the 'poison', 'fail-twice' and 'until-fixed' markers inject handler failures.
 * A run of events is applied with one statement (set-based, as a department's run handler would),
 * with the effect of applying them one by one in offset order.
 */
@InboxListener()
export class CounterEffectsListener {
  constructor(private readonly crash: CrashSwitch) {}

  @InboxRunPattern('faults.counter.incremented')
  async apply(@Payload() events: EventEnvelope<FaultCounterIncremented>[], @Ctx() ctx: InboxRunContext): Promise<void> {
    // each failure names its event (RunItemFailed), as a department's run handler should: the events
    // before it are applied again as one run and only the failing one takes the per-record path
    events.forEach(({ id, data }, i) => {
      const attempt = ctx.contexts[i].record.attempt;
      if (data.fault === 'poison')
        throw new RunItemFailed(i, new Error(`poison event ${id}: this handler always fails`));
      if (data.fault === 'fail-twice' && attempt <= 2)
        throw new RunItemFailed(i, new Error(`transient failure ${attempt} of event ${id}`));
    });
    const suspects = events.filter((e) => e.data.fault === 'until-fixed').map((e) => e.data.counterId);
    if (suspects.length) {
      const bugs: { counter_id: string }[] = await ctx.manager.query(
        `SELECT counter_id FROM fault_bug WHERE counter_id = ANY($1)`,
        [suspects],
      );
      const broken = events.find(
        (e) => e.data.fault === 'until-fixed' && bugs.some((b) => b.counter_id === e.data.counterId),
      );
      if (broken)
        throw new RunItemFailed(
          events.indexOf(broken),
          new Error(`event ${broken.id} meets a bug in this handler (fault_bug lists ${broken.data.counterId})`),
        );
    }
    await ctx.manager.query(FIXTURE_RUN_SQL, [
      events.map((e) => e.data.counterId),
      events.map((e) => e.data.seq),
      events.map((e) => e.id),
      process.pid,
    ]);
    const runner = ctx.manager.queryRunner;
    if (runner)
      runner.data = { ...runner.data, [EFFECT_MARK]: Number(runner.data?.[EFFECT_MARK] ?? 0) + events.length };
    for (let i = 0; i < events.length; i++) this.crash.effectApplied();
  }
}
