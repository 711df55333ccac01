import { EventEnvelope } from '@civic/contracts';
import { InboxListener, InboxRunContext, InboxRunPattern, RunItemFailed } from '@civic/messaging';
import { Ctx, Payload } from '@nestjs/microservices';
import { FaultCounterIncremented } from './counter-incremented.event';
import { CrashSwitch, EFFECT_MARK } from './crash-switch';

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
    // expected_seq of an event: 1 + the highest seq applied to its counter before it, i.e. the
    // stored one or that of an earlier event of the run (window over the run in offset order)
    await ctx.manager.query(
      `WITH ev AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS e(counter_id, seq, event_id, ord)),
            prev AS (SELECT counter_id, seq FROM fault_applied WHERE counter_id IN (SELECT counter_id FROM ev) FOR UPDATE),
            up AS (INSERT INTO fault_applied (counter_id, seq) SELECT counter_id, max(seq) FROM ev GROUP BY counter_id
                   ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq))
       INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid)
       SELECT ev.counter_id, ev.seq,
              COALESCE(GREATEST(prev.seq, max(ev.seq) OVER (PARTITION BY ev.counter_id ORDER BY ev.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)), 0) + 1,
              ev.event_id, $4
       FROM ev LEFT JOIN prev ON prev.counter_id = ev.counter_id ORDER BY ev.ord`,
      [events.map((e) => e.data.counterId), events.map((e) => e.data.seq), events.map((e) => e.id), process.pid],
    );
    const runner = ctx.manager.queryRunner;
    if (runner)
      runner.data = { ...runner.data, [EFFECT_MARK]: Number(runner.data?.[EFFECT_MARK] ?? 0) + events.length };
    for (let i = 0; i < events.length; i++) this.crash.effectApplied();
  }
}
