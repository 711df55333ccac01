// Alert lifecycle (issue 5): open → assigned → contacted → enrolled / declined / not-eligible /
// expired. Staff move an alert one step at a time; the engine itself may close any open alert as
// enrolled (the department's enrolment event) or expired (the person no longer qualifies, or died).

export const OPEN_STATUSES = ['open', 'assigned', 'contacted'] as const;
export const STAFF_OUTCOMES = ['enrolled', 'declined', 'not-eligible'] as const;
export const ALERT_STATUSES = [...OPEN_STATUSES, ...STAFF_OUTCOMES, 'expired'] as const;

export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type StaffOutcome = (typeof STAFF_OUTCOMES)[number];
export type AlertAction = 'assign' | 'contact' | 'resolve' | 'engine-enrol' | 'engine-expire';

const ALLOWED_FROM: Record<AlertAction, readonly AlertStatus[]> = {
  // reassignment is allowed until the person has been contacted
  assign: ['open', 'assigned'],
  contact: ['assigned'],
  resolve: ['contacted'],
  'engine-enrol': OPEN_STATUSES,
  'engine-expire': OPEN_STATUSES,
};

/** The status after `action`, or an error naming what is allowed. */
export function nextStatus(
  current: AlertStatus,
  action: AlertAction,
  outcome?: StaffOutcome,
): { ok: true; status: AlertStatus } | { ok: false; detail: string } {
  if (!ALLOWED_FROM[action].includes(current)) {
    return {
      ok: false,
      detail: `cannot ${action.replace('engine-', '')} an alert that is ${current}; allowed from: ${ALLOWED_FROM[action].join(', ')}`,
    };
  }
  switch (action) {
    case 'assign':
      return { ok: true, status: 'assigned' };
    case 'contact':
      return { ok: true, status: 'contacted' };
    case 'resolve':
      return { ok: true, status: outcome ?? 'enrolled' };
    case 'engine-enrol':
      return { ok: true, status: 'enrolled' };
    case 'engine-expire':
      return { ok: true, status: 'expired' };
  }
}

/** The outcome the policy.alert.resolved event carries for a closed status (expired is "superseded"). */
export function resolvedOutcome(status: AlertStatus): 'enrolled' | 'declined' | 'not-eligible' | 'superseded' {
  if (status === 'enrolled' || status === 'declined' || status === 'not-eligible') return status;
  return 'superseded';
}
