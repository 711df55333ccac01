// Separation of duties (docs/domain.md §1 Workflow; plan 一（一） 专项资金整治成效突出: "审核审批分离、审批和发放分离",
// introduced after the 2018 embezzlement case): on one case, one person may perform at most one
// of review, approval and disbursement. The rule reads the case's own decision history, never
// the actor's roles, so holding every role at once does not open a way round it.

/** What a decision was made as; only the three in SEPARATED_DUTIES exclude each other. */
export type Duty = 'intake' | 'review' | 'approval' | 'disbursement' | 'case-management';

export const SEPARATED_DUTIES: readonly Duty[] = ['review', 'approval', 'disbursement'];

/** The acting user would hold two separated duties on one case (HTTP layer: 403). */
export class DutyConflict {
  readonly kind = 'duty-conflict';
  constructor(readonly reason: string) {}
}

/** Returns a DutyConflict when `userId` already performed another separated duty on this case. */
export function checkDutySeparation(
  decisions: ReadonlyArray<{ who: string; duty: Duty }>,
  userId: string,
  duty: Duty,
): DutyConflict | null {
  if (!SEPARATED_DUTIES.includes(duty)) return null;
  const earlier = decisions.find((d) => d.who === userId && d.duty !== duty && SEPARATED_DUTIES.includes(d.duty));
  if (!earlier) return null;
  return new DutyConflict(`user ${userId} already acted as ${earlier.duty} on this case and may not act as ${duty}`);
}
