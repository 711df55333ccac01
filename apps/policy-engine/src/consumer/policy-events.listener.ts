import { EventEnvelope, ParameterValueScheduledV1Payload } from '@civic/contracts';
import { InboxContext, InboxRunContext } from '@civic/messaging';
import { ParameterSet } from '@civic/policy-params';
import { Clock } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import { EvaluationRunsService } from '../evaluation/evaluation-runs.service';
import { PersonEvaluator } from '../evaluation/person-evaluator.service';
import { FindingsService } from '../findings/findings.service';
import { lockRunWithCurrentRefs, mergePersonViews, Rekeying } from '../person-view/person-ref-merge';
import { applySegment } from '../person-view/person-view.store';
import { applyRunInParts } from '../person-view/rekeyed-run';
import { EventTraits, segmentRun } from '../person-view/run-plan';
import { ViewChange } from '../person-view/view-change';

const VISIT_EVENTS = new Set(['eldercare.visit.recorded', 'governance.visit-task.completed']);

/** The enrolments an event records: each closes the open alerts of its programme (AlertsService.closeOnEnrolments). */
const enrolments = (changes: ViewChange[]) =>
  changes.flatMap((c) =>
    c.kind === 'programme' && c.set.status === 'enrolled'
      ? [
          {
            personRef: c.personRef,
            householdId: c.set.householdId ?? null,
            department: c.department,
            programme: c.programme,
            caseId: c.set.caseId,
          },
        ]
      : [],
  );

const traitsOf = (changes: ViewChange[]): EventTraits => ({ parameter: changes.some((c) => c.kind === 'parameter') });

/**
 * Consumed events, all in the inbox transaction: the view changes, the affected people (and a
 * dead parent's children) are re-evaluated, alerts are raised, closed on enrolment or expired, and
 * audit findings recorded — so a redelivery, deduplicated by the inbox, has no second effect.
 *
 * A run of events (docs/adr/0013-policy-engine-runs.md) is applied segment by segment
 * (person-view/run-plan.ts): the events of a segment share no person or household, so their view
 * writes, facts read, rule states and alerts go in one statement per kind, with the same
 * effect as one event after the other; an event that touches what an earlier one did goes to a
 * later segment, so an alert raised by one event and closed by the next is raised and closed.
 */
@Injectable()
export class PolicyEventsListener {
  constructor(
    private readonly evaluator: PersonEvaluator,
    private readonly alerts: AlertsService,
    private readonly findings: FindingsService,
    private readonly runs: EvaluationRunsService,
    private readonly clock: Clock,
  ) {}

  async handle(event: EventEnvelope, ctx: InboxContext): Promise<void> {
    await this.handleRun([event], new InboxRunContext(ctx.manager, [ctx]));
  }

  async handleRun(events: EventEnvelope[], run: InboxRunContext): Promise<void> {
    // a re-keying is a barrier: the events before it apply as a run, it merges, the rest follow
    await applyRunInParts(run.manager, events, {
      apply: (from, to, projected) =>
        this.applyRun(events.slice(from, to), projected, run.contexts.slice(from, to), run.manager),
      merge: (from, to, rekeyings) =>
        this.merge(events.slice(from, to), rekeyings, run.contexts.slice(from, to), run.manager),
    });
  }

  private async applyRun(
    events: EventEnvelope[],
    projected: ViewChange[][],
    contexts: InboxContext[],
    manager: EntityManager,
  ): Promise<void> {
    if (!projected.some((c) => c.length)) return;
    // refs merged away by a re-keying become the ref their view lives under (person-ref-merge.ts)
    const { changes, keys } = await lockRunWithCurrentRefs(manager, projected);
    const traits = changes.map(traitsOf);
    const today = this.clock.today();
    // read once per run, again after a parameter event (its own segment)
    let params: ParameterSet | undefined;
    for (const segment of segmentRun(keys, changes, traits)) {
      const items = segment.map((i) => ({ event: events[i], changes: changes[i], ctx: contexts[i] }));
      const affected = await applySegment(manager, items);
      const causes = items.map(({ event, ctx }) => ctx.origin(event.subject));

      // an event's closes touch only alerts of people among its keys: no other event of the segment
      // evaluates them (run-plan.ts), so all closes may come before the segment's evaluation, and
      // go in one statement per kind
      await this.alerts.closeOnEnrolments(
        manager,
        items.flatMap(({ changes: c }, j) => enrolments(c).map((e) => ({ ...e, cause: causes[j] }))),
        today,
      );
      await this.alerts.closeServedAll(
        manager,
        items.flatMap(({ event, changes: c }, j) =>
          VISIT_EVENTS.has(event.type)
            ? [{ personRefs: c.flatMap((x) => (x.kind === 'person' ? [x.personRef] : [])), cause: causes[j] }]
            : [],
        ),
        'elder-monthly-visit',
        today,
        'visit recorded',
      );
      if (affected.some((a) => a.size)) {
        params ??= await this.evaluator.parameters(manager);
        await this.evaluator.evaluateGroups(
          manager,
          affected.map((personRefs, j) => ({ personRefs, cause: causes[j] })),
          today,
          params,
        );
      }
      await this.findings.checkAll(
        manager,
        items.map(({ event, changes: c }) => ({ eventId: event.id, changes: c })),
      );

      const first = items[0];
      if (first.event.type === 'policy.parameter.value-scheduled') {
        const p = first.event.data as ParameterValueScheduledV1Payload;
        params = undefined;
        // every person is re-evaluated for the new value's date, in batches outside this transaction
        await this.runs.schedule(manager, {
          key: `parameter:${first.event.id}`,
          kind: 'parameter-change',
          date: p.effectiveFrom,
          reason: `${p.key} = ${p.value} from ${p.effectiveFrom}`,
        });
      }
    }
  }

  /**
   * Departments re-keyed people: one view (and one set of alerts) per person under the new ref,
   * re-evaluated; consecutive re-keyings merge together (person-ref-merge.ts mergePersonViews).
   */
  private async merge(
    events: EventEnvelope[],
    rekeyings: Rekeying[],
    contexts: InboxContext[],
    manager: EntityManager,
  ): Promise<void> {
    const today = this.clock.today();
    // nothing to do for a re-keying whose person another department's re-keying merged already
    await mergePersonViews(manager, rekeyings, {
      locked: true,
      merged: async (group) => {
        const pairs = group.map((g) => ({
          oldRef: g.oldRef,
          newRef: g.target,
          cause: contexts[g.index].origin(events[g.index].subject),
        }));
        await this.alerts.mergePeople(manager, pairs, today);
        await this.evaluator.evaluateGroups(
          manager,
          pairs.map((p) => ({ personRefs: [p.newRef], cause: p.cause })),
          today,
        );
      },
    });
  }
}
