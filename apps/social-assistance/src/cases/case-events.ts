// The contract events of one case decision (libs/contracts assistance.case.* and
// assistance.temporary-assistance.*). Commands with no event in the catalog (start-investigation,
// findings, objections, activate, complete-paperwork) are recorded as decisions only.
import {
  CASE_STOP_REASONS,
  CaseAcceptedV1,
  CaseApprovedV1,
  CaseFacts,
  CasePublicisedV1,
  CaseReinstatedV1,
  CaseRejectedV1,
  CaseReviewedV1,
  CaseSuspendedV1,
  CaseTerminatedV1,
  createEvent,
  Duty as ActorDuty,
  EventEnvelope,
  EventOrigin,
  TemporaryAssistancePaidV1,
} from '@civic/contracts';
import { shanghaiDate } from '@civic/calendar';
import { CaseState, Decision } from './case-workflow';
import { Duty } from './duty-separation';

/** The duty a decision is recorded as in events (libs/contracts Actor.duty). */
export const ACTOR_DUTY: Record<Duty, ActorDuty> = {
  intake: 'caseworker',
  review: 'reviewer',
  approval: 'approver',
  disbursement: 'disburser',
  'case-management': 'caseworker',
};

/** What the events need beyond the state: amounts worked out at the decision, and stop details. */
export interface DecisionExtras {
  monthlyAmountFen?: number;
  effectiveFrom?: string;
  stop?: { reasonCode: (typeof CASE_STOP_REASONS)[number]; causeEventId?: string; systemActor?: boolean };
  causeEventId?: string;
  temporary?: { amountFen: number; kind: 'small' | 'ordinary' | 'special' | null; fromReserveFund: boolean };
}

export function caseEvents(
  facts: CaseFacts,
  state: CaseState,
  d: Decision,
  extras: DecisionExtras,
  origin: EventOrigin,
): EventEnvelope[] {
  const on = shanghaiDate(d.when);
  const actor = { userId: d.who, duty: ACTOR_DUTY[d.duty] };
  const o = { ...origin, subject: facts.caseId, time: new Date(d.when) };
  switch (d.command.type) {
    case 'accept':
      return [createEvent(CaseAcceptedV1, { ...facts, acceptedOn: on, actor }, o)];
    case 'review':
      return [
        createEvent(
          CaseReviewedV1,
          {
            ...facts,
            reviewedOn: on,
            actor,
            outcome: 'pass' as const,
            reason: d.why,
            proposedMonthlyAmountFen: extras.monthlyAmountFen,
          },
          o,
        ),
      ];
    case 'reject':
      return [
        createEvent(
          CaseRejectedV1,
          { ...facts, rejectedOn: on, actor, stage: d.from === 'investigating' ? 'review' : 'approval', reason: d.why },
          o,
        ),
      ];
    case 'publicise':
      return [
        createEvent(
          CasePublicisedV1,
          { ...facts, noticeFrom: state.publicity!.startsOn, noticeUntil: state.publicity!.endsOn },
          o,
        ),
      ];
    case 'approve':
      return [
        createEvent(
          CaseApprovedV1,
          {
            ...facts,
            approvedOn: on,
            actor,
            monthlyAmountFen: extras.monthlyAmountFen ?? 0,
            effectiveFrom: extras.effectiveFrom ?? on,
          },
          o,
        ),
      ];
    case 'suspend':
    case 'terminate': {
      const stop = extras.stop ?? { reasonCode: 'other' as const };
      const payload = {
        ...facts,
        effectiveFrom: on,
        reasonCode: stop.reasonCode,
        reason: d.why,
        ...(stop.systemActor ? {} : { actor }),
        ...(stop.causeEventId ? { causeEventId: stop.causeEventId } : {}),
      };
      return [
        d.command.type === 'suspend'
          ? createEvent(CaseSuspendedV1, payload, o)
          : createEvent(CaseTerminatedV1, payload, o),
      ];
    }
    // the case pays again whichever stop it comes back from (docs/adr/0009-revoked-death-records.md)
    case 'reinstate':
    case 'reverse-death-termination':
      return [
        createEvent(
          CaseReinstatedV1,
          {
            ...facts,
            effectiveFrom: on,
            actor,
            reason: d.why,
            ...(extras.causeEventId ? { causeEventId: extras.causeEventId } : {}),
          },
          o,
        ),
      ];
    case 'pay-emergency': {
      const t = extras.temporary!;
      return [
        createEvent(
          TemporaryAssistancePaidV1,
          {
            grantId: facts.caseId,
            householdId: facts.householdId,
            personRef: facts.personRef,
            town: facts.town,
            kind: t.kind === 'small' ? 'small-amount' : (t.kind ?? 'ordinary'),
            mode: 'emergency',
            amountFen: t.amountFen,
            paidOn: state.emergency!.paidOn,
            paperworkDueDate: state.emergency!.paperworkDueOn,
            fromReserveFund: t.fromReserveFund,
            reason: d.why,
          },
          { ...origin, subject: facts.caseId, time: new Date(d.when) },
        ),
      ];
    }
    default:
      return [];
  }
}
