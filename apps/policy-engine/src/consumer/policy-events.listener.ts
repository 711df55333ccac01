import { EventEnvelope, ParameterValueScheduledV1Payload, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { InboxContext } from '@civic/messaging';
import { Clock } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { EvaluationRunsService } from '../evaluation/evaluation-runs.service';
import { PersonEvaluator } from '../evaluation/person-evaluator.service';
import { FindingsService } from '../findings/findings.service';
import { isRekeyedEvent, mergePersonView, withCurrentRefs } from '../person-view/person-ref-merge';
import { applyViewChanges, lockPeople } from '../person-view/person-view.store';
import { projectEvent } from '../person-view/project-event';
import { ViewChange } from '../person-view/view-change';

const VISIT_EVENTS = new Set(['eldercare.visit.recorded', 'governance.visit-task.completed']);

/**
 * One consumed event, all in the inbox transaction: the view changes, the affected people (and a
 * dead parent's children) are re-evaluated, alerts are raised, closed on enrolment or expired, and
 * audit findings recorded — so a redelivery, deduplicated by the inbox, has no second effect.
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
    if (isRekeyedEvent(event.type)) return this.merge(event as EventEnvelope<PersonRefRekeyedV1Payload>, ctx);
    const projected = projectEvent(event);
    if (!projected.length) return;
    const manager = ctx.manager;
    const households = projected.flatMap((c) =>
      c.kind === 'household' || c.kind === 'member' || c.kind === 'member-income' ? [c.householdId] : [],
    );
    // the refs as sent and as merged (a merge holds the old ref's lock): resolved again once locked
    await lockPeople(
      manager,
      [...peopleOf(projected), ...peopleOf(await withCurrentRefs(manager, projected))],
      households,
    );
    const changes = await withCurrentRefs(manager, projected);
    await lockPeople(manager, peopleOf(changes), []);
    const affected = await applyViewChanges(manager, event, changes);
    const today = this.clock.today();
    const cause = ctx.origin(event.subject);

    await this.closeOnEnrolment(changes, today, cause, ctx);
    if (VISIT_EVENTS.has(event.type)) {
      const visited = changes.flatMap((c) => (c.kind === 'person' ? [c.personRef] : []));
      await this.alerts.closeServed(manager, visited, 'elder-monthly-visit', today, 'visit recorded', cause);
    }
    await this.evaluator.evaluate(manager, affected, today, cause);
    await this.findings.check(manager, event.id, changes);

    if (event.type === 'policy.parameter.value-scheduled') {
      const p = event.data as ParameterValueScheduledV1Payload;
      // every person is re-evaluated for the new value's date, in batches outside this transaction
      await this.runs.schedule(manager, {
        key: `parameter:${event.id}`,
        kind: 'parameter-change',
        date: p.effectiveFrom,
        reason: `${p.key} = ${p.value} from ${p.effectiveFrom}`,
      });
    }
  }

  /** A department re-keyed a person: one view (and one set of alerts) under the new ref, re-evaluated. */
  private async merge(event: EventEnvelope<PersonRefRekeyedV1Payload>, ctx: InboxContext): Promise<void> {
    const { manager } = ctx;
    await lockPeople(manager, [event.data.oldRef, event.data.newRef], []);
    const target = await mergePersonView(manager, event.data, event.id);
    if (target === event.data.oldRef) return;
    const today = this.clock.today();
    const cause = ctx.origin(event.subject);
    await this.alerts.mergePerson(manager, event.data.oldRef, target, today, cause);
    await this.evaluator.evaluate(manager, new Set([target]), today, cause);
  }

  private async closeOnEnrolment(
    changes: ViewChange[],
    today: string,
    cause: ReturnType<InboxContext['origin']>,
    ctx: InboxContext,
  ): Promise<void> {
    for (const c of changes) {
      if (c.kind !== 'programme' || c.set.status !== 'enrolled') continue;
      await this.alerts.closeOnEnrolment(ctx.manager, {
        personRef: c.personRef,
        householdId: c.set.householdId ?? null,
        department: c.department,
        programme: c.programme,
        caseId: c.set.caseId,
        on: today,
        cause,
      });
    }
  }
}

const peopleOf = (changes: ViewChange[]): string[] =>
  changes.flatMap((c) => ('personRef' in c ? [c.personRef] : c.kind === 'parent' ? [c.childRef, c.parentRef] : []));
