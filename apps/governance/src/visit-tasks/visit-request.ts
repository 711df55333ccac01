import { SERVED_DEPARTMENTS } from '@civic/contracts';

export type VisitKind = 'elder-visit' | 'child-visit' | 'assistance-investigation';

/** A home visit a department asked for, read from its event (reactions/*.listener.ts). */
export interface VisitRequest {
  requestedBy: (typeof SERVED_DEPARTMENTS)[number];
  kind: VisitKind;
  /** The requesting department's aggregate (elderId, reportId, caseId). */
  requestRef: string;
  personRef: string;
  town: string;
}

/** The parameter holding the days a visit of this kind may take before it is escalated. */
export function dueDaysKey(kind: VisitKind): string {
  return `governance.visit_task.due_days.${kind.replace(/-/g, '_')}`;
}
